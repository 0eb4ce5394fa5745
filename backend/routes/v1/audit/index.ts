import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { auditExportRoute } from './export';

/** Audit routes under /api/v1, admins only (listed with the other admin routes for the 403 test). */
export async function auditRoutes(app: FastifyInstance, db: Kysely<Database>) {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', app.auth.admin);
      scope.addHook('onRoute', (route) => {
        const list = app.hasDecorator('adminRoutes') ? (app.adminRoutes as Array<{ method: string; url: string }>) : null;
        for (const method of [route.method].flat()) if (list && method !== 'HEAD') list.push({ method, url: route.url });
      });
      auditExportRoute(scope, db);
    },
    { prefix: '/api/v1' },
  );
}
