import type { FastifyInstance } from 'fastify';
import { installAuthentication } from '../../http/authenticate';
import type { AccountsDeps } from '../../services/accounts/deps';
import { auditTable } from './audit';
import { authRoutes } from './auth';
import { identityTable } from './identity';
import { installTable } from './install';
import { inviteRoutes } from './invites';
import { meRoutes } from './me';
import { memberRoutes } from './members';
import { recordTable } from './records';
import { mountRoutes, type RouteDef, type RouteTable } from './route';
import { settingsTable } from './settings';
import { settingsPipelinesTable } from './settings-pipelines';
import { workspaceRoutes } from './workspaces';
import { writesTable } from './writes';

const ACCOUNTS = [workspaceRoutes, authRoutes, inviteRoutes, meRoutes, memberRoutes];

/**
 * The accounts API under /api/v1. Authentication is a hook on each auth level's scope
 * (routes/v1/route.ts), not a line in each handler, so a route declared `admin` cannot forget
 * the admin check. `app.adminRoutes` (http/authenticate.ts) lists every route behind the admin hook.
 */
export async function accountsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  installAuthentication(app, deps);
  for (const table of ACCOUNTS) await mountRoutes(app, table, deps);
}

/**
 * Every /api/v1 route with its schemas, keyed `METHOD /full/path` as the route table prints it:
 * what the hostile suites read instead of restating each route's input (test/backend/hostile/fuzz/specs.ts).
 */
const ALL: ReadonlyArray<RouteTable<never>> = [...ACCOUNTS, auditTable, identityTable, recordTable, writesTable, settingsTable, installTable, settingsPipelinesTable];
export const API_ROUTES: ReadonlyMap<string, RouteDef<never>> = new Map(ALL.flatMap((t) => t.routes.map((r) => [`${r.method} ${t.prefix}${r.url}`, r] as const)));
