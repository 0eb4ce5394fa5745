import type { FastifyInstance } from 'fastify';
import type { WritesDeps } from '../../../services/writes/deps';
import { createWriteRoute } from './create';
import { getWriteRoute, listRecordWritesRoute, retryWriteRoute } from './read';

/**
 * The write API under /api/v1, every route behind the member hook (the services decide what an
 * admin sees beyond their own writes). Register after `installAuthentication`.
 */
export async function writesRoutes(app: FastifyInstance, deps: WritesDeps) {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', app.auth.member);
      for (const r of [createWriteRoute, getWriteRoute, retryWriteRoute, listRecordWritesRoute]) r(scope, deps);
    },
    { prefix: '/api/v1' },
  );
}
