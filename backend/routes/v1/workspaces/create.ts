import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { CreateWorkspaceRequest } from '../../../../lib/api/accounts';
import { createWorkspace } from '../../../services/accounts/create-workspace';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/workspaces` (public): a new workspace; its creator is the admin and is signed in. */
export function createWorkspaceRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/workspaces', async (req, reply) => {
    const body = parseOr400(CreateWorkspaceRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await createWorkspace(deps, body, requestContext(req)), 201);
  });
}
