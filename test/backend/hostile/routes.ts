import type { FastifyInstance } from 'fastify';
import { routeTable } from '../../../backend/http/route-table';

export interface RouteKey {
  method: string;
  url: string;
}

export const routeId = (r: RouteKey) => `${r.method} ${r.url}`;

/**
 * Every route a ready Fastify instance serves, from the backend's own route table
 * (backend/http/route-table.ts, read back from `app.printRoutes()`), so a route wired tomorrow
 * shows up here without a test change. HEAD and OPTIONS are left out: they run no handler code.
 */
export function listRoutes(app: FastifyInstance): RouteKey[] {
  return routeTable(app).map(({ method, url }) => ({ method, url }));
}
