import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { hubspotHttp } from '../../../backend/hubspot/http';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import { createLogger } from '../../../backend/logger';
import { identityRoutes } from '../../../backend/routes/v1/identity';
import { recordRoutes } from '../../../backend/routes/v1/records';
import { settingsRoutes } from '../../../backend/routes/v1/settings';
import { writesRoutes } from '../../../backend/routes/v1/writes';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { createRecordAccess, type RecordAccess } from '../../../backend/services/access/wiring';
import { findLink } from '../../../backend/services/identity/store';
import type { WritesDeps } from '../../../backend/services/writes/deps';
import { writesDb } from '../../../backend/services/writes/tables';
import { TEST_ENV } from '../helpers/accounts-app';
import type { TestDatabase } from '../helpers/engines';
import { sandboxHubSpotApp, TestInstalls } from '../records/harness';
import { listRoutes, type RouteKey } from './routes';

/**
 * The backend as a hostile client meets it: `buildApp` (what `startServer` runs) over a test
 * database and a started sandbox, listening on a real port, with captured log lines.
 *
 * Route modules that exist but that buildApp does not wire yet (records, identity, writes,
 * settings at the time of writing) are "staged" here with real services over the sandbox, so
 * they are attacked before they ship. Once buildApp wires one, it is no longer staged (the
 * app already has its routes) and the production wiring is what gets tested.
 */
export interface HostileStack {
  app: FastifyInstance;
  url: string;
  sandbox: StartedSandbox;
  installs: TestInstalls;
  ra: RecordAccess;
  logs: string[];
  /** Route modules this stack had to register itself (not wired by buildApp). */
  staged: string[];
  /** Every route the app serves, from `app.printRoutes()` (HEAD/OPTIONS left out). */
  routes: RouteKey[];
  install(workspaceId: string, portalId: number, userId: number): void;
  close(): Promise<void>;
}

const STAGED = [
  { name: 'records', probe: { method: 'GET', url: '/api/v1/portals/:portalId/contacts/:contactId/view' } },
  { name: 'identity', probe: { method: 'GET', url: '/api/v1/identity/me' } },
  { name: 'writes', probe: { method: 'POST', url: '/api/v1/portals/:portalId/contacts/:contactId/writes' } },
  { name: 'settings', probe: { method: 'GET', url: '/api/v1/settings/editable-properties' } },
] as const;

export async function startHostileStack(db: TestDatabase, opts: { logLevel?: string } = {}): Promise<HostileStack> {
  const sandbox = await startSandbox({ port: 0, rateLimit: { max: 10_000_000, intervalMs: 10_000 } });
  const hubspot = sandboxHubSpotApp(sandbox.url);
  const config = parseConfig({ ...TEST_ENV, ...db.env, LOG_LEVEL: opts.logLevel ?? 'info' });
  const logs: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) });
  const app = await buildApp({ config, logger: createLogger(config.LOG_LEVEL, sink), database: db.handle, hubspot });

  const installs = new TestInstalls();
  const sendFor = (workspaceId: string): PortalSend => (req) => {
    const install = installs.byWorkspace.get(workspaceId);
    if (!install) throw new Error(`no install for ${workspaceId}`);
    return hubspotHttp(hubspot, { ...req, accessToken: install.token });
  };
  const ra = createRecordAccess({ db: db.handle.db, installs, sendFor, permittedTtlMs: 0 });
  const wdb = writesDb(db.handle.db);
  const writes: WritesDeps = {
    db: wdb,
    installedPortal: async (ws) => {
      const i = installs.byWorkspace.get(ws);
      return i ? { portalId: i.portalId, status: i.status === 'connected' ? 'connected' : 'needs_reconnect' } : null;
    },
    identityOf: async (ws, memberId) => {
      const link = await findLink(db.handle.db, ws, memberId);
      return link && !link.deactivated_at ? { hubspotUserId: link.hubspot_user_id, ownerId: link.owner_id } : null;
    },
    access: {
      async canEditFresh(workspaceId, memberId, portalId, contactId) {
        const r = await ra.checkAccessFresh({ workspaceId, memberId }, portalId, contactId);
        if (!r.ok) return { ok: false, error: { code: 'network', status: null, message: r.error.message, adminAction: null, retryAfterMs: null, maybeProcessed: false } };
        return { ok: true, allowed: r.data.access.canEdit.allowed, code: r.data.access.canEdit.code, message: r.data.access.canEdit.message };
      },
    },
    notifyWorker: () => {},
    now: Date.now,
  };
  const settings = {
    db: wdb,
    now: Date.now,
    contactProperties: async (ws: string) => {
      const r = await sendFor(ws)({ method: 'GET', path: '/crm/v3/properties/contacts' });
      return r.ok ? { ok: true as const, data: ((r.data.body as { results?: unknown[] }).results ?? []) as unknown[] } : r;
    },
  };
  const staged: string[] = [];
  for (const s of STAGED) {
    if (app.hasRoute(s.probe as never)) continue;
    staged.push(s.name);
    if (s.name === 'records') await recordRoutes(app, ra.access);
    if (s.name === 'identity') await identityRoutes(app, ra.identity);
    if (s.name === 'writes') await writesRoutes(app, writes);
    if (s.name === 'settings') await settingsRoutes(app, settings as never);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    sandbox,
    installs,
    ra,
    logs,
    staged,
    routes: listRoutes(app),
    install(workspaceId, portalId, userId) {
      const t = sandbox.sandbox.control.install(portalId, userId);
      installs.byWorkspace.set(workspaceId, { portalId: String(portalId), status: 'connected', scopes: t.scopes, token: t.access_token });
    },
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

/**
 * What "nothing happened" is measured against: the row count of every table in the database
 * (found from the catalogue, so tables added later are counted too) and the number of requests
 * the sandbox — the only upstream — has seen. One SQL statement per reading, so it can run after
 * every generated case.
 */
export interface Footprint {
  rows: Record<string, number>;
  upstream: number;
}

export async function footprintReader(db: TestDatabase, sandbox: StartedSandbox): Promise<() => Promise<Footprint>> {
  const k = db.handle.db;
  const names =
    db.engine === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(k)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(k)).rows.map((r) => r.name);
  const counts = sql.join(names.sort().map((n) => sql`(select count(*) from ${sql.table(n)}) as ${sql.ref(n)}`));
  const query = sql<Record<string, number | string>>`select ${counts}`;
  return async () => {
    const row = (await query.execute(k)).rows[0] ?? {};
    return { rows: Object.fromEntries(Object.entries(row).map(([n, v]) => [n, Number(v)])), upstream: sandbox.sandbox.control.requestLog().length };
  };
}
