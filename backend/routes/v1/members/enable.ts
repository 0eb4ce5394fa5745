import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { MemberIdParams } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { setMemberEnabled } from '../../../services/accounts/members';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/members/:memberId/enable` (admin): lets a disabled member back in (they may need Reset access for a new code). */
export function enableMemberRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/members/:memberId/enable', async (req, reply) => {
    const params = parseOr400(MemberIdParams, req.params, reply);
    if (!params) return reply;
    return respond(reply, await setMemberEnabled(deps, signedIn(req), params.memberId, true, requestContext(req)));
  });
}
