import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { signedIn } from '../../../http/authenticate';
import { listWorkspaceMembers } from '../../../services/accounts/members';
import { respond } from '../respond';

/** `GET /api/v1/members` (admin): everyone in the caller's workspace, with pending invites. */
export function listMembersRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.get('/members', async (req, reply) => respond(reply, await listWorkspaceMembers(deps, signedIn(req))));
}
