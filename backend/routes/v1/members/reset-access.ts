import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { MemberIdParams } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { resetAccess } from '../../../services/accounts/members';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/members/:memberId/reset-access` (admin): password cleared, sessions ended, new one-time code. */
export function resetAccessRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/members/:memberId/reset-access', async (req, reply) => {
    const params = parseOr400(MemberIdParams, req.params, reply);
    if (!params) return reply;
    return respond(reply, await resetAccess(deps, signedIn(req), params.memberId, requestContext(req)), 201);
  });
}
