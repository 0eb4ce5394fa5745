import type { FastifyInstance } from 'fastify';

export interface RouteKey {
  method: string;
  url: string;
}

export const routeId = (r: RouteKey) => `${r.method} ${r.url}`;

/**
 * Every route a ready Fastify instance serves, read back from `app.printRoutes()`. Fastify keeps
 * no public list of routes, and its radix-tree printout is the one view that includes routes
 * registered by every plugin, so a route wired tomorrow shows up here without a test change.
 * HEAD (auto-added for GET) and OPTIONS (CORS preflight) are left out: they run no handler code.
 *
 * The printout looks like:
 *   └── /api/v1/me (GET, HEAD, PUT)
 *       └── mbers (GET, HEAD)
 *           └── /:id/role (GET, HEAD, POST)
 * where each line's path continues its parent's.
 */
export function listRoutes(app: FastifyInstance): RouteKey[] {
  const out: RouteKey[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') out.push({ method, url });
    }
  }
  return out.sort((a, b) => routeId(a).localeCompare(routeId(b)));
}
