import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { buildApp } from '../../../backend/app';
import { memoryTransport, type MemoryTransport } from '../../../backend/mail/memory';
import { parseConfig } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { call } from '../helpers/accounts-app';
import { TEST_ENV, captureLogs, listenOnLoopback, startSandboxUnlimited, withMailbox } from '../../support/backend';
import type { TestDatabase } from '../helpers/engines';
import { listRoutes, type RouteKey } from './routes';

/**
 * The backend as a hostile client meets it: the production wiring of backend/server.ts — the
 * sandbox as the resolved HubSpot app and `buildApp`, whose composition root (backend/compose.ts)
 * builds the real install service (real tokens, encrypted, fresh on every call), records, identity,
 * writes and settings through the HubSpot gateway and the delivery path — over a test database, with captured log
 * lines. Portals are connected through the real install round trip (ticket → start page button →
 * sandbox consent → the extension's hand-back), so nothing here is a stand-in for production code.
 *
 * One deliberate difference: the app's onListen hooks (the delivery worker and the periodic
 * HubSpot user sync) are not started. They call HubSpot on their own clock, and these suites
 * prove "this request made no upstream call and changed nothing"; a background delivery landing
 * between two readings would make that unprovable. With `socket: true` the same request path is
 * served on a real port (the app's own HTTP server), still without those loops.
 */
export interface HostileStack {
  app: FastifyInstance;
  /** Set with `socket: true`. */
  url: string;
  sandbox: StartedSandbox;
  logs: string[];
  /** Every route the app serves (HEAD/OPTIONS left out). */
  routes: RouteKey[];
  /** Connects `portalId` to the admin's workspace as HubSpot user `userId`, through the real OAuth round trip. */
  install(adminToken: string, portalId: number, userId: number): Promise<void>;
  /** Every mail the app sent (sign-up, email and link-proof codes). */
  mail: MemoryTransport;
  close(): Promise<void>;
}

export async function startHostileStack(db: TestDatabase, opts: { logLevel?: string; socket?: boolean } = {}): Promise<HostileStack> {
  // The sandbox's own rate limit is lifted: the per-portal budget under test is the backend's.
  const sandbox = await startSandboxUnlimited();
  const config = parseConfig({ ...TEST_ENV, ...db.env, PUBLIC_URL: 'http://localhost:8787', LOG_LEVEL: opts.logLevel ?? 'info' });
  const { logger, logs } = captureLogs(config.LOG_LEVEL);
  const hubspot = hubspotAppFromConfig(config, { url: sandbox.url, ...SANDBOX_APP });
  const mail = memoryTransport();
  const app = withMailbox(await buildApp({ config, logger, database: db.handle, hubspot, mail }), mail);
  await app.ready();
  const url = opts.socket ? await listenOnLoopback(app, { hooks: false }) : '';
  return {
    app,
    url,
    sandbox,
    logs,
    mail,
    routes: listRoutes(app),
    async install(adminToken, portalId, userId) {
      const created = await call(app, 'POST', '/api/v1/install/tickets', { token: adminToken, body: {} });
      expect(created.statusCode, created.body).toBe(201);
      const { ticketId, startUrl } = created.json() as { ticketId: string; startUrl: string };
      const started = await app.inject({
        method: 'POST',
        url: '/install/start',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: new URLSearchParams({ ticket: new URL(startUrl).searchParams.get('ticket') ?? '' }).toString(),
      });
      expect(started.statusCode, started.body).toBe(303);
      const form = new URLSearchParams(new URL(String(started.headers.location)).searchParams);
      form.set('user', `${portalId}:${userId}`);
      form.set('action', 'approve');
      const consent = await fetch(`${sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
      expect(consent.status).toBe(302);
      const back = new URL(consent.headers.get('location')!).searchParams;
      const done = await call(app, 'POST', `/api/v1/install/tickets/${ticketId}/complete`, { token: adminToken, body: { state: back.get('state'), code: back.get('code') } });
      expect((done.json() as { outcome?: { code: string } }).outcome?.code, done.body.slice(0, 500)).toBe('connected');
    },
    async close() {
      if (app.server.listening) await new Promise((resolve) => app.server.close(resolve));
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

async function tableNames(db: TestDatabase): Promise<string[]> {
  const k = db.handle.db;
  const names =
    db.engine === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(k)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(k)).rows.map((r) => r.name);
  return names.sort();
}

export async function footprintReader(db: TestDatabase, sandbox: StartedSandbox): Promise<() => Promise<Footprint>> {
  const k = db.handle.db;
  const counts = sql.join((await tableNames(db)).map((n) => sql`(select count(*) from ${sql.table(n)}) as ${sql.ref(n)}`));
  const query = sql<Record<string, number | string>>`select ${counts}`;
  return async () => {
    const row = (await query.execute(k)).rows[0] ?? {};
    return { rows: Object.fromEntries(Object.entries(row).map(([n, v]) => [n, Number(v)])), upstream: sandbox.sandbox.control.requestLog().length };
  };
}

/**
 * The whole database's content, table by table (rows sorted by their JSON), for suites that must
 * see an UPDATE too, not only inserts and deletes (a role changed in place keeps the row count).
 * `sessions.last_seen_at` is left out: authenticating touches it, and that is the session's
 * bookkeeping, not an effect of the operation being refused.
 */
export async function contentReader(db: TestDatabase): Promise<() => Promise<Record<string, string[]>>> {
  const k = db.handle.db;
  const names = await tableNames(db);
  return async () => {
    const out: Record<string, string[]> = {};
    for (const n of names) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(n)}`.execute(k)).rows;
      out[n] = rows
        .map((r) => JSON.stringify(n === 'sessions' ? { ...r, last_seen_at: null } : r, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
        .sort();
    }
    return out;
  };
}
