import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  /** The route template, e.g. `/api/v1/members/:memberId/role`. */
  url: string;
  /** Names of the onRequest hooks that run for this route (scope hooks included), in order. */
  onRequest: string[];
}

/**
 * Every route a ready Fastify instance serves, with the onRequest hooks that guard it, read back
 * from `app.printRoutes()`. Fastify keeps no public list of routes, and its radix-tree printout
 * (with `includeMeta: ['onRequest']`) is the one public view that shows routes registered by every
 * plugin *and* the hooks inherited from their scopes. So "which routes are behind the admin hook"
 * is answered from what actually runs, not from a list a route file has to remember to fill.
 * HEAD (auto-added for GET) and OPTIONS (CORS preflight) are left out: they run no handler code.
 *
 * The printout looks like:
 *   ├── /api/v1/me (GET, HEAD, PATCH)
 *   │   • (onRequest) ["handleCors()","requireMember()"]
 *   │   └── mbers (GET, HEAD, POST)
 *   │       • (onRequest) ["handleCors()","requireAdmin()"]
 *   │   /api/v1/settings/editable-properties (PUT)     ← same node, other hooks
 * where each branch line's path continues its parent's, and a line without a branch is another
 * method group of the node above it.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  let group: RouteEntry[] = [];
  for (const line of app.printRoutes({ commonPrefix: false, includeMeta: ['onRequest'] }).split('\n')) {
    const meta = /^[│ ]*• \(onRequest\) (\[.*\])$/.exec(line);
    if (meta) {
      const names = (JSON.parse(meta[1]!) as string[]).map((n) => n.replace(/\(\)$/, ''));
      for (const r of group) r.onRequest = names;
      continue;
    }
    const node = /^([│ ]*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    const sameNode = node ? null : /^[│ ]*(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    let methods: string | undefined;
    if (node) {
      stack.length = node[1]!.length / 4;
      stack.push(node[2]!);
      methods = node[3];
    } else if (sameNode) {
      methods = sameNode[2];
    } else continue;
    const url = stack.join('');
    group = (methods ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((m) => m && m !== 'HEAD' && m !== 'OPTIONS')
      .map((method) => ({ method, url, onRequest: [] }));
    out.push(...group);
  }
  return out.sort((a, b) => `${a.method} ${a.url}`.localeCompare(`${b.method} ${b.url}`));
}
