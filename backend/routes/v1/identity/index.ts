import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../../../services/identity/deps';
import { startLinkProofRoute, verifyLinkProofRoute } from './link-proof';
import { identityMeRoute } from './me';
import { linkMemberRoute, listIdentityMembersRoute, setLevelsRoute, unlinkMemberRoute } from './members';
import { syncIdentityRoute } from './sync';
import { getTeamsRoute, putTeamsRoute } from './teams';

type Route = (app: FastifyInstance, deps: IdentityDeps) => void;

const SIGNED_IN: Route[] = [identityMeRoute, startLinkProofRoute, verifyLinkProofRoute];
const ADMIN: Route[] = [listIdentityMembersRoute, linkMemberRoute, unlinkMemberRoute, setLevelsRoute, syncIdentityRoute, getTeamsRoute, putTeamsRoute];

/**
 * Identity routes under /api/v1: the member's own "who am I in HubSpot", and the admin's link
 * management in the admin scope (the hook refuses members before any handler runs; the
 * services check the role again).
 */
export async function identityRoutes(app: FastifyInstance, deps: IdentityDeps) {
  await app.register(
    async (v1) => {
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.member);
        for (const r of SIGNED_IN) r(scope, deps);
      });
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.admin);
        for (const r of ADMIN) r(scope, deps);
      });
    },
    { prefix: '/api/v1' },
  );
}
