import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { AcceptInviteRequest } from '../../../../lib/api/accounts';
import { acceptInvite } from '../../../services/accounts/invites';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/invites/accept` (public): sets the password, signs in; the code is then spent. */
export function acceptInviteRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/invites/accept', async (req, reply) => {
    const body = parseOr400(AcceptInviteRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await acceptInvite(deps, body, requestContext(req)));
  });
}
