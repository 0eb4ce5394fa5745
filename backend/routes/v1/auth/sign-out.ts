import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../../services/accounts/deps';
import { signedIn } from '../../../http/authenticate';
import { signOut } from '../../../services/accounts/sessions';

/** `POST /api/v1/auth/sign-out`: ends the calling session; its token is useless afterwards. */
export function signOutRoute(app: FastifyInstance, deps: AccountsDeps) {
  app.post('/auth/sign-out', async (req, reply) => {
    await signOut(deps, signedIn(req));
    return reply.status(204).send();
  });
}
