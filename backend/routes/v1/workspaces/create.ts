import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { CreateWorkspaceRequest } from '../../../../lib/api/accounts';
import { startSignup } from '../../../services/accounts/signup-start';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/workspaces` (public): mails a code; the same 202 for a new and an existing email. */
export function createWorkspaceRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/workspaces', async (req, reply) => {
    const body = parseOr400(CreateWorkspaceRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await startSignup(deps, body, requestContext(req)), 202);
  });
}
