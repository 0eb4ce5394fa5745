import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { SignInRequest } from '../../../../lib/api/accounts';
import { signIn } from '../../../services/accounts/sign-in';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/auth/sign-in` (public): email + password → SessionResponse. */
export function signInRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/auth/sign-in', async (req, reply) => {
    const body = parseOr400(SignInRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await signIn(deps, body, requestContext(req)));
  });
}
