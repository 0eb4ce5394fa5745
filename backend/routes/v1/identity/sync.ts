import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../../http/authenticate';
import type { IdentityDeps } from '../../../services/identity/deps';
import { syncNow } from '../../../services/identity/me';
import { respond } from '../respond';

/** `POST /api/v1/identity/sync`: re-read HubSpot users now (a removed user loses access at once). */
export function syncIdentityRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.post('/identity/sync', async (req, reply) => respond(reply, await syncNow(deps, signedIn(req))));
}
