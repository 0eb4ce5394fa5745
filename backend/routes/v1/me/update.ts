import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { UpdateMeRequest } from '../../../../lib/api/accounts';
import { signedIn } from '../../../http/authenticate';
import { updateMe } from '../../../services/accounts/me';
import { parseOr400, respond } from '../respond';

/** `PATCH /api/v1/me`: display name only; an `email` field is rejected by the strict schema. */
export function updateMeRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.patch('/me', async (req, reply) => {
    const body = parseOr400(UpdateMeRequest, req.body, reply);
    if (!body) return reply;
    return respond(reply, await updateMe(deps, signedIn(req), body.displayName));
  });
}
