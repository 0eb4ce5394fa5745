import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { VerifyCodeRequest } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { requestEmailCode, verifyEmail } from '../../../services/accounts/email-verify';
import { parseOr400, requestContext, respond } from '../respond';

/** `POST /api/v1/me/email/code`: mails a code to the caller's own address. */
export function requestEmailCodeRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/me/email/code', async (req, reply) => respond(reply, await requestEmailCode(deps, signedIn(req), requestContext(req)), 202));
}

/** `POST /api/v1/me/email/verify` `{code}`: the code proves the address. */
export function verifyEmailRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/me/email/verify', async (req, reply) => {
    const body = parseOr400(VerifyCodeRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await verifyEmail(deps, signedIn(req), body.code, requestContext(req)));
  });
}
