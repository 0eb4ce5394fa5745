import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { ChangePasswordRequest } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { changePassword } from '../../../services/accounts/me';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/me/password`: needs the current password; ends every other session. */
export function changePasswordRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/me/password', async (req, reply) => {
    const body = parseOr400(ChangePasswordRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await changePassword(deps, signedIn(req), body, requestContext(req)));
  });
}
