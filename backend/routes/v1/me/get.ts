import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { signedIn } from '../../../http/authenticate';
import { getMe } from '../../../services/accounts/me';
import { respond } from '../respond';

/** `GET /api/v1/me`: who is signed in, their workspace and session lifetime. */
export function getMeRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.get('/me', async (req, reply) => respond(reply, await getMe(deps, signedIn(req))));
}
