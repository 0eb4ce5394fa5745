import { CodeSentResponse, CreateWorkspaceRequest, SessionResponse, VerifyWorkspaceRequest } from '../../../lib/contract/api/accounts';
import { createWorkspace } from '../../services/accounts/create-workspace';
import type { AccountsDeps } from '../../services/accounts/deps';
import { startSignup } from '../../services/accounts/signup-start';
import { requestContext, respond } from './respond';
import { routeFor, type RouteTable } from './route';

const route = routeFor<AccountsDeps>();

/** Signing up (public): a mailed code, then the workspace with its first admin. */
export const workspaceRoutes: RouteTable<AccountsDeps> = {
  prefix: '/api/v1',
  routes: [
    // Mails a code; the same 202 for a new and an existing email.
    route({
      method: 'POST',
      url: '/workspaces',
      auth: 'public',
      schema: { body: CreateWorkspaceRequest, response: { 202: CodeSentResponse } },
      handle: async (deps, req, reply) => respond(reply, await startSignup(deps, req.body, requestContext(req)), 202),
    }),
    // The mailed code → the workspace, its admin, a session.
    route({
      method: 'POST',
      url: '/workspaces/verify',
      auth: 'public',
      schema: { body: VerifyWorkspaceRequest, response: { 201: SessionResponse } },
      handle: async (deps, req, reply) => respond(reply, await createWorkspace(deps, req.body, requestContext(req)), 201),
    }),
  ],
};
