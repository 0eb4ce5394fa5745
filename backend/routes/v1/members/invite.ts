import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { InviteMemberRequest } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { inviteMember } from '../../../services/accounts/members';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/members` (admin): invites an email; answers the one-time code to pass on. */
export function inviteMemberRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/members', async (req, reply) => {
    const body = parseOr400(InviteMemberRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await inviteMember(deps, signedIn(req), body, requestContext(req)), 201);
  });
}
