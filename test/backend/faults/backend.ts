import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../backend/config';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { startServer, type RunningServer } from '../../../backend/server';
import { ACME, approveInstall, setUpTeam, type PlannedWrite, type Team } from '../ops/api';
import { backendEnv } from '../ops/process';
import { freePort } from '../../support/port';
import { captureLogs } from '../../support/backend';

/**
 * The real backend for fault tests, in this process: `startServer` (the wiring production runs:
 * install service, record access, write routes, delivery worker, /readyz) talking to a sandbox
 * started apart as a real HubSpot app would be, so a test can inject faults, revoke tokens and
 * count what HubSpot ended up with. The team is set up through the HTTP API and the sandbox's
 * consent screen, as the extension and an admin's browser would.
 */

export interface FaultBackend {
  url: string;
  server: RunningServer;
  sandbox: StartedSandbox;
  team: Team;
  /** Every log line the backend wrote (JSON). */
  logs: string[];
  close(): Promise<void>;
}

export async function startFaultBackend(o: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<FaultBackend> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({ redirectUris: [`${publicUrl}/install/callback`] });
  const env = backendEnv({
    port,
    publicUrl,
    dataDir: mkdtempSync(join(tmpdir(), 'portside-faults-')),
    ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
    encryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
    sandboxUrl: sandbox.url,
    clientId: SANDBOX_APP.clientId,
    clientSecret: SANDBOX_APP.clientSecret,
    appId: SANDBOX_APP.appId,
  });
  // These suites read the same records many times as one member to watch HubSpot fail and
  // recover; each member's fair share of the read budget (20 checks per 10 s, tested in
  // hostile/round2-budget.test.ts) would answer them "slow down" first, so it is widened here.
  const config = parseConfig({ ...env, MEMBER_CHECKS_PER_10S: '10000', MEMBER_CHECKS_IN_FLIGHT: '100', ...o.env });
  const { logger, logs } = captureLogs('info');
  const server = await startServer(config, logger);
  const team = await setUpTeam(server.url, sandbox.url, config.DATA_DIR);
  return {
    url: server.url,
    server,
    sandbox,
    team,
    logs,
    async close() {
      await server.close();
      await sandbox.close();
    },
  };
}

/**
 * The admin reconnecting HubSpot: a reconnect ticket, the start page's button, the sandbox's
 * consent screen as Acme's super admin, then the extension's hand-back. Returns the ticket's outcome.
 */
export async function reconnect(b: FaultBackend): Promise<string | null> {
  const ticket = await fetch(`${b.url}/api/v1/install/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${b.team.adminToken}` },
    body: JSON.stringify({ reconnect: true }),
  });
  if (ticket.status !== 201) throw new Error(`install ticket → ${ticket.status} ${await ticket.text()}`);
  const created = (await ticket.json()) as { ticketId: string; startUrl: string };
  const done = await approveInstall(b.url, b.team.adminToken, created, b.sandbox.url, ACME.users.superAdmin.userId);
  return ((await done.json()) as { outcome?: { code: string } | null }).outcome?.code ?? null;
}

/** How many times each planned write's tag appears in the sandbox's notes and tasks. */
export function copiesInHubSpot(sandbox: StartedSandbox, writes: readonly PlannedWrite[]): { dupes: string[]; missing: string[] } {
  const control = sandbox.sandbox.control;
  const texts = [...control.notes(ACME.portalId).map((n) => String(n.properties.hs_note_body ?? '')), ...control.tasks(ACME.portalId).map((t) => String(t.properties.hs_task_subject ?? ''))];
  const seen = new Map<string, number>();
  for (const w of writes) seen.set(w.tag, texts.filter((t) => t.includes(w.tag)).length);
  return { dupes: writes.filter((w) => seen.get(w.tag)! > 1).map((w) => w.tag), missing: writes.filter((w) => seen.get(w.tag) === 0).map((w) => w.tag) };
}

/** The outbox rows of the given idempotency keys (status, why it waits, its error). */
export function outboxRows(b: FaultBackend, keys: readonly string[]) {
  if (!keys.length) return Promise.resolve([]);
  return b.server.database.db.selectFrom('write_outbox').select(['idempotency_key', 'status', 'wait_reason', 'last_error', 'attempts']).where('idempotency_key', 'in', [...keys]).execute();
}

/** Polls until every write of `keys` is done (or throws with what is left after `ms`). */
export async function allDelivered(b: FaultBackend, keys: readonly string[], ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const rows = await outboxRows(b, keys).catch(() => []);
    if (rows.length === keys.length && rows.every((r) => r.status === 'done')) return;
    if (Date.now() > end) throw new Error(`not delivered after ${ms} ms: ${JSON.stringify(rows.filter((r) => r.status !== 'done').slice(0, 5))} (${rows.length}/${keys.length} stored)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
