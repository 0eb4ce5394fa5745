import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { InspectInviteRequest } from '../../../../lib/api/accounts';
import { inspectInvite } from '../../../services/accounts/invites';
import { parseOr400, respond } from '../respond';

/** `POST /api/v1/invites/inspect` (public): what an invite code is for (email, workspace). POST keeps the code out of URLs and logs. */
export function inspectInviteRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/invites/inspect', async (req, reply) => {
    const body = parseOr400(InspectInviteRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await inspectInvite(deps, body.code));
  });
}
