import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { createDatabase, type DatabaseHandle } from '../../../backend/db/database';
import { migrateToLatest } from '../../../backend/db/migrate';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { createLogger } from '../../../backend/logger';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { signUpOverHttp } from '../../helpers/sign-up';

/**
 * The backend exactly as `npm run backend` wires it (backend/server.ts → buildApp with the real
 * install service, record access, write path and delivery worker started on listen), one or more
 * instances on one database, against the sandbox as HubSpot (large seed: 100,000 contacts) at
 * HubSpot's 110 requests / 10 s. Everything is set up over HTTP as a workspace really is: sign-up,
 * the OAuth install round trip, invites, and links to HubSpot users (the sandbox gets one user per
 * rep, copied from a template user's permissions). The sandbox runs in this process.
 */

const ACME = SEED.portals.acme;
/** Reps copy these users' permissions in turn (a third super admins, like a sales team's leads). */
export const TEMPLATES = [ACME.users.superAdmin, ACME.users.everything, ACME.users.marketplace];

export interface Rep {
  token: string;
  memberId: string;
}

export interface Production {
  sandbox: StartedSandbox;
  urls: string[];
  databases: DatabaseHandle[];
  portalId: string;
  reps: Rep[];
  close(): Promise<void>;
}

async function json(res: Response, expected: number, what: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what} → ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startProduction(o: { reps: number; instances?: number; databaseUrl?: string; sandboxRate?: { max: number; intervalMs: number } }): Promise<Production> {
  const sandbox = await startSandbox({ seed: 'large', rateLimit: o.sandboxRate ?? { max: 110, intervalMs: 10_000 } });
  const control = sandbox.sandbox.control;
  const emails: string[] = [];
  for (let i = 0; i < o.reps; i++) {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const email = `rep${i}@acme.example`;
    control.addUserLike(ACME.portalId, t.userId, { userId: 900_000 + i, ownerId: 800_000 + i, email, firstName: `Rep${i}`, lastName: 'Bench' });
    emails.push(email);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-bench-prod-'));
  const apps: FastifyInstance[] = [];
  const databases: DatabaseHandle[] = [];
  const urls: string[] = [];
  for (let n = 0; n < (o.instances ?? 1); n++) {
    // Production settings (member share, budget, lease…); console mail so sign-up codes can be read.
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', PASSWORD_SCRYPT_LN: '10', DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1:8787', ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}) });
    const logger = createLogger('warn');
    const database = createDatabase(config);
    if (n === 0) await migrateToLatest(database.db);
    const hubspot = hubspotAppFromConfig(config, { url: sandbox.url, ...SANDBOX_APP });
    const app = await buildApp({ config, logger, database, hubspot });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    urls.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    apps.push(app);
    databases.push(database);
  }
  const base = urls[0]!;
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  const admin = (await signUpOverHttp(base, dataDir, { workspaceName: 'Acme', email: ACME.users.superAdmin.email, password: 'bench-admin-password' })) as { token: string };
  // The OAuth install round trip: ticket → start page → sandbox consent → the extension's hand-back.
  const ticket = (await json(await call('POST', '/api/v1/install/tickets', admin.token, {}), 201, 'install ticket')) as { ticketId: string; startUrl: string };
  const started = await fetch(`${base}/install/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ ticket: new URL(ticket.startUrl).searchParams.get('ticket') ?? '' }).toString(),
    redirect: 'manual',
  });
  if (started.status !== 303) throw new Error(`install start → ${started.status}`);
  const form = new URLSearchParams(new URL(String(started.headers.get('location'))).searchParams);
  form.set('user', `${ACME.portalId}:${ACME.users.superAdmin.userId}`);
  form.set('action', 'approve');
  const consent = await fetch(`${sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!).searchParams;
  const done = await json(await call('POST', `/api/v1/install/tickets/${ticket.ticketId}/complete`, admin.token, { state: back.get('state'), code: back.get('code') }), 200, 'install complete');
  if ((done.outcome as { code?: string } | undefined)?.code !== 'connected') throw new Error(`install: ${JSON.stringify(done).slice(0, 300)}`);

  await json(await call('PUT', '/api/v1/settings/editable-properties', admin.token, { properties: ['city'] }), 200, 'editable properties');
  const reps: Rep[] = [];
  for (const [i, email] of emails.entries()) {
    const inv = (await json(await call('POST', '/api/v1/members', admin.token, { email, role: 'member' }), 201, 'invite')) as { invite: { code: string } };
    const acc = (await json(await call('POST', '/api/v1/invites/accept', null, { code: inv.invite.code, password: `bench-rep-password-${i}` }), 200, 'accept')) as { token: string; member: { id: string } };
    reps.push({ token: acc.token, memberId: acc.member.id });
  }
  for (const [i, rep] of reps.entries()) {
    await json(await call('PUT', `/api/v1/identity/members/${rep.memberId}/link`, admin.token, { hubspotUserId: String(900_000 + i) }), 200, 'link');
  }
  return {
    sandbox,
    urls,
    databases,
    portalId: String(ACME.portalId),
    reps,
    async close() {
      for (const app of apps) await app.close();
      for (const d of databases) await d.close();
      await sandbox.close();
    },
  };
}
