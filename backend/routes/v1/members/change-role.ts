import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { ChangeRoleRequest, MemberIdParams } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { changeRole } from '../../../services/accounts/members';
import { parseOr400, requestContext, respond } from '../respond';

/** `PUT /api/v1/members/:memberId/role` (admin): the last active admin cannot be demoted. */
export function changeRoleRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.put('/members/:memberId/role', async (req, reply) => {
    const params = parseOr400(MemberIdParams, req.params, reply);
    if (!params) return reply;
    const body = parseOr400(ChangeRoleRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await changeRole(deps, signedIn(req), params.memberId, body.role, requestContext(req)));
  });
}
