import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../../backend/app';
import { parseConfig, type Config } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { startSandbox } from '../../../backend/sandbox/start';
import { hasherFromConfig, type PasswordHasher } from '../../../backend/security/password';
import type { InviteNotice } from '../../../backend/services/accounts/deps';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import type { TestDatabase } from './engines';
import { memoryTransport, type MemoryTransport } from '../../../backend/mail/memory';
import { lastCodeTo } from '../../helpers/mailbox';
import { FakeClock, TEST_ENV, captureLogs, mailboxOf, withMailbox } from '../../support/backend';

export { FakeClock, TEST_ENV, mailboxOf, withMailbox } from '../../support/backend';

/**
 * The HubSpot app for a test that makes no HubSpot call (accounts, audit, migrations): every
 * feature is still served, and a call that slipped through is refused by an address nobody
 * listens on instead of reaching anything.
 */
export const unreachableHubSpot = (config: Config) => hubspotAppFromConfig(config, { url: 'http://127.0.0.1:9', ...SANDBOX_APP });

/**
 * An accounts-enabled app over a test database, with a controllable clock, a KDF-call counter,
 * captured invite notices and captured log lines (to prove no secret is ever logged).
 */
export interface TestApp {
  app: FastifyInstance;
  config: Config;
  clock: FakeClock;
  invites: InviteNotice[];
  /** Every mail the app sent (codes included). */
  mail: MemoryTransport;
  logs: string[];
  /** How many times the KDF ran (hash, verify, dummy verify). */
  kdfCalls: () => number;
  /** How many KDF runs have finished (a hash refused as busy did not run). */
  kdfFinished: () => number;
  close(): Promise<void>;
}

/**
 * Every route is served either way (backend/compose.ts builds every feature). `wiring: 'full'`
 * also starts a sandbox as the HubSpot app, as backend/server.ts does without credentials, for
 * tests that reach HubSpot; the default is a HubSpot nobody answers (`unreachableHubSpot`).
 */
export async function startAccountsApp(db: TestDatabase, env: Record<string, string> = {}, opts: { wiring?: 'accounts' | 'full' } = {}): Promise<TestApp> {
  const config = parseConfig({ ...TEST_ENV, ...db.env, ...env });
  const clock = new FakeClock();
  const invites: InviteNotice[] = [];
  const real = hasherFromConfig(config);
  let calls = 0;
  let finished = 0;
  const hasher: PasswordHasher = {
    params: real.params,
    hash: (p) => (calls++, real.hash(p).then((r) => (r.ok && finished++, r))),
    verify: (p, h, lane) => (calls++, real.verify(p, h, lane).finally(() => finished++)),
    verifyDummy: (p, lane) => (calls++, real.verifyDummy(p, lane).finally(() => finished++)),
    saturated: (lane) => real.saturated(lane),
  };
  const { logger, logs } = captureLogs(config.LOG_LEVEL);
  const sandbox = opts.wiring === 'full' ? await startSandbox({ port: 0 }) : null;
  const hubspot = sandbox ? hubspotAppFromConfig(config, { url: sandbox.url, ...SANDBOX_APP }) : unreachableHubSpot(config);
  const mail = memoryTransport();
  const app = await buildApp({
    config,
    logger,
    database: db.handle,
    mail,
    accounts: { now: clock.now, hasher, onInvite: (n) => void invites.push(n) },
    hubspot,
  });
  withMailbox(app, mail);
  await app.ready();
  return {
    app,
    config,
    clock,
    invites,
    mail,
    logs,
    kdfCalls: () => calls,
    kdfFinished: () => finished,
    async close() {
      await app.close();
      await sandbox?.close();
    },
  };
}

let seq = 0;
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}@example.test`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function call(app: FastifyInstance, method: InjectOptions['method'], url: string, opts: { token?: string; body?: unknown; ip?: string } = {}) {
  return app.inject({
    method,
    url,
    headers: opts.token ? bearer(opts.token) : {},
    ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });
}

export interface SignedIn extends SessionResponse {
  email: string;
  password: string;
}

let signupSeq = 0;
/** Each creation comes from its own address (creation is limited per address; see throttle tests). */
const signupIp = () => `100.64.${Math.floor(signupSeq / 250) % 250}.${(signupSeq++ % 250) + 1}`;

/** Sign-up's two steps: ask for a code, read it from the app's mailbox, create with it. */
export async function createWorkspace(app: FastifyInstance, over: Partial<{ email: string; password: string; workspaceName: string; staySignedIn: boolean; ip: string }> = {}): Promise<SignedIn> {
  const email = over.email ?? uniqueEmail('admin');
  const password = over.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const ip = over.ip ?? signupIp();
  const started = await call(app, 'POST', '/api/v1/workspaces', { body: { workspaceName: over.workspaceName ?? 'Acme', email }, ip });
  expect(started.statusCode, started.body).toBe(202);
  const code = lastCodeTo(mailboxOf(app).sent, email.trim().toLowerCase());
  const res = await call(app, 'POST', '/api/v1/workspaces/verify', {
    body: { email, code, password, ...(over.staySignedIn !== undefined ? { staySignedIn: over.staySignedIn } : {}) },
    ip,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as SessionResponse), email, password };
}

export async function invite(app: FastifyInstance, adminToken: string, body: { email?: string; role?: 'admin' | 'member' } = {}) {
  const email = body.email ?? uniqueEmail('member');
  const res = await call(app, 'POST', '/api/v1/members', { token: adminToken, body: { email, role: body.role ?? 'member' } });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as InviteCreatedResponse), email };
}

export async function inviteAndAccept(app: FastifyInstance, adminToken: string, role: 'admin' | 'member' = 'member'): Promise<SignedIn> {
  const inv = await invite(app, adminToken, { role });
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const res = await call(app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password } });
  expect(res.statusCode, res.body).toBe(200);
  return { ...(res.json() as SessionResponse), email: inv.email, password };
}

export async function signIn(app: FastifyInstance, email: string, password: string, opts: { ip?: string; staySignedIn?: boolean } = {}) {
  return call(app, 'POST', '/api/v1/auth/sign-in', {
    body: { email, password, ...(opts.staySignedIn !== undefined ? { staySignedIn: opts.staySignedIn } : {}) },
    ...(opts.ip ? { ip: opts.ip } : {}),
  });
}
