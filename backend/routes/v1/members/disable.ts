import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { MemberIdParams } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { setMemberEnabled } from '../../../services/accounts/members';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/members/:memberId/disable` (admin): ends their sessions and invites at once; the last active admin cannot be disabled. */
export function disableMemberRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/members/:memberId/disable', async (req, reply) => {
    const params = parseOr400(MemberIdParams, req.params, reply);
    if (!params) return reply;
    return respond(reply, await setMemberEnabled(deps, signedIn(req), params.memberId, false, requestContext(req)));
  });
}
