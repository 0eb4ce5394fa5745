import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely';
import { expect } from 'vitest';
import { buildApp } from '../../../backend/app';
import { parseConfig, type Config } from '../../../backend/config';
import { MIGRATIONS } from '../../../backend/db/migrate';
import * as m0006 from '../../../backend/db/migrations/0006_install';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { installDepsFrom, type InstallDeps } from '../../../backend/services/install/deps';
import { createInstallService } from '../../../backend/services/install/create';
import type { InstallService } from '../../../backend/services/install/service';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { DEFAULT_RATE_BUDGET, RateBudget } from '../../../backend/services/delivery/rate-budget';
import { Keyring } from '../../../backend/vault/keyring';
import { parseKeySpec } from '../../../backend/vault/keys';
import type { TicketView } from '../../../lib/contract/api/install';
import { call, createWorkspace, type SignedIn } from '../helpers/accounts-app';
import { FakeClock, TEST_ENV, captureLogs, startSandboxUnlimited, withMailbox } from '../../support/backend';
import { memoryTransport } from '../../../backend/mail/memory';
import type { TestDatabase } from '../helpers/engines';

/**
 * A backend (accounts + install) over a test database and a started sandbox sharing one fake
 * clock, with captured logs and every response body kept for secret scans. `installAs` drives
 * the whole round trip: ticket → start page and its button → sandbox consent → the callback page
 * → the extension's hand-back with the admin's session.
 */

export const KEY_1 = `k1:${randomBytes(32).toString('base64')}`;
export const KEY_2 = `k2:${randomBytes(32).toString('base64')}`;

export function keyring(spec: string): Keyring {
  const s = parseKeySpec(spec);
  if (!s.ok) throw new Error(s.problems.join('; '));
  return new Keyring(s.keys, s.primaryId);
}

/** Adds this feature's migration when the shared list does not carry it yet. */
export async function migrateInstall(db: TestDatabase): Promise<void> {
  const migrations = { ...MIGRATIONS, '0006_install': m0006 };
  const { error } = await new Migrator({ db: db.handle.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error;
}

/** A HubSpot gateway over an install service, with a rate budget on the harness's database and clock. */
export function gatewayFor(h: Harness, service: InstallService = h.service): HubSpotGateway {
  return new HubSpotGateway(service.gatewayPort, new RateBudget(h.deps.db, DEFAULT_RATE_BUDGET, h.clock.now), { now: h.clock.now });
}

export interface Harness {
  app: FastifyInstance;
  config: Config;
  clock: FakeClock;
  sandbox: StartedSandbox;
  service: InstallService;
  deps: InstallDeps;
  logs: string[];
  bodies: string[];
  /** Codes, states and tickets seen during installs, for secret scans. */
  secrets: Set<string>;
  close(): Promise<void>;
}

export async function startHarness(db: TestDatabase, opts: { env?: Record<string, string>; keys?: string; tokenTtlSeconds?: number} = {}): Promise<Harness> {
  const clock = new FakeClock(Date.now());
  const sandbox = await startSandboxUnlimited({ now: clock.now, tokenTtlSeconds: opts.tokenTtlSeconds ?? 1800 });
  const config = parseConfig({ ...TEST_ENV, ...db.env, PUBLIC_URL: 'http://localhost:8787', ...opts.env });
  const { logger, logs } = captureLogs('debug');
  const deps = installDepsFrom({
    db: db.handle.db,
    dialect: db.handle.dialect,
    app: hubspotAppFromConfig(config, { url: sandbox.url, ...SANDBOX_APP }),
    keyring: keyring(opts.keys ?? KEY_1),
    publicUrl: config.publicUrl,
    logger,
    now: clock.now,
  });
  const service = createInstallService(deps);
  const mail = memoryTransport();
  const app = withMailbox(await buildApp({ config, logger, database: db.handle, accounts: { now: clock.now }, install: service, mail, hubspot: deps.app }), mail);
  const bodies: string[] = [];
  app.addHook('onSend', async (_req, _reply, payload) => {
    if (typeof payload === 'string') bodies.push(payload);
    return payload;
  });
  await app.ready();
  return {
    app,
    config,
    clock,
    sandbox,
    service,
    deps,
    logs,
    bodies,
    secrets: new Set([SANDBOX_APP.clientSecret]),
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

export * from './round-trip';

export async function ticket(h: Harness, admin: SignedIn, ticketId: string): Promise<TicketView> {
  const res = await call(h.app, 'GET', `/api/v1/install/tickets/${ticketId}`, { token: admin.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TicketView;
}

export async function workspace(h: Harness, name = 'Acme'): Promise<SignedIn> {
  return createWorkspace(h.app, { workspaceName: name });
}

export function installRow(h: Harness, workspaceId: string) {
  return h.deps.db.selectFrom('installs').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function auditActions(h: Harness, workspaceId: string): Promise<{ action: string; result: string; details: string }[]> {
  return h.deps.db.selectFrom('audit_log').select(['action', 'result', 'details']).where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
}

/** Every token the sandbox ever minted, plus the codes, states and tickets seen. */
export function allSecrets(h: Harness): string[] {
  const s = h.sandbox.sandbox.state;
  return [...h.secrets, ...s.accessTokens.keys(), ...s.refreshTokens.keys(), ...s.authCodes.keys()].filter((x) => x && x.length >= 8);
}

export function expectNoSecrets(h: Harness, extra: string[] = []) {
  // The start link and its page (whose button posts the ticket) are where the ticket belongs.
  const haystacks = [...h.logs, ...h.bodies.filter((b) => !b.includes('"startUrl"') && !b.includes('data-page="install-start"')), ...extra];
  const secrets = allSecrets(h);
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const text of haystacks) if (text.includes(secret)) throw new Error(`a secret (${secret.slice(0, 4)}…) appeared in: ${text.slice(0, 200)}`);
  }
}
