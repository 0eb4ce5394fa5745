import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { VerifyWorkspaceRequest } from '../../../../lib/api/accounts';
import { createWorkspace } from '../../../services/accounts/create-workspace';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/workspaces/verify` (public): the mailed code → the workspace, its admin, a session. */
export function verifyWorkspaceRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/workspaces/verify', async (req, reply) => {
    const body = parseOr400(VerifyWorkspaceRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await createWorkspace(deps, body, requestContext(req)), 201);
  });
}
