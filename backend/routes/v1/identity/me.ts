import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../../http/authenticate';
import type { IdentityDeps } from '../../../services/identity/deps';
import { whoAmI } from '../../../services/identity/me';
import { respond } from '../respond';

/** `GET /api/v1/identity/me`: the caller's own HubSpot link (any member, only themselves). */
export function identityMeRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.get('/identity/me', async (req, reply) => respond(reply, await whoAmI(deps, signedIn(req))));
}
