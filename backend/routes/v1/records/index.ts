import type { FastifyInstance } from 'fastify';
import type { AccessDeps } from '../../../services/access/deps';
import { checkRecordParams, recordViewRoute } from './view';

/**
 * Record routes under /api/v1, for any signed-in member. Needs `installAuthentication` to have
 * run (accountsRoutes does it). Parameter checks run first, then the session check.
 */
export async function recordRoutes(app: FastifyInstance, deps: AccessDeps) {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', checkRecordParams);
      scope.addHook('onRequest', app.auth.member);
      recordViewRoute(scope, deps);
    },
    { prefix: '/api/v1' },
  );
}
