import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { auditExportRoute } from './export';

/** Audit routes under /api/v1, admins only (on `app.adminRoutes` by way of the admin hook). */
export async function auditRoutes(app: FastifyInstance, db: Kysely<Database>) {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', app.auth.admin);
      auditExportRoute(scope, db);
    },
    { prefix: '/api/v1' },
  );
}
