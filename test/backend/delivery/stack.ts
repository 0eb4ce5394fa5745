import pino from 'pino';
import type { HubSpotApp } from '../../../backend/hubspot/app';
import { listPropertyDefinitions } from '../../../backend/hubspot/property-definitions';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { PermittedUsersSource, type FetchPermitted } from '../../../backend/services/access/permitted-users-source';
import { GatewayHubSpotWrites, toPortError } from '../../../backend/services/delivery/hubspot-writes';
import type { AccessPort, InstallState } from '../../../backend/services/delivery/ports';
import { RateBudget, type RateBudgetConfig } from '../../../backend/services/delivery/rate-budget';
import { DeliveryWorker, type WorkerOptions } from '../../../backend/services/delivery/worker';
import type { WritesDeps } from '../../../backend/services/writes/deps';
import { TaskOptionsCache } from '../../../backend/services/write-kinds/task-options';
import { CallOutcomesCache } from '../../../backend/services/write-kinds/call-outcomes';
import { listCallDispositions } from '../../../backend/hubspot/call-dispositions';
import type { DatabaseHandle } from '../../../backend/db/database';
import { fail, ok } from '../../../lib/contract/errors';
import { z } from 'zod';
import type { Db } from '../../../backend/db/schema';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { OBJECT_API } from '../../../backend/hubspot/objects';

/**
 * The write path wired to a started sandbox for delivery tests: the real HubSpot gateway, adapter,
 * rate budget and worker, with a STAND-IN access check (HubSpot's permitted-users API through the
 * access service's batching source, plus a contact read for a property edit's "before" values),
 * and in-memory install/identity ports. The production wiring is backend/compose.ts.
 * Members are named `m<hubspotUserId>` so the identity port needs no table.
 */

export const ACME = SEED.portals.acme;
export const PORTAL = String(ACME.portalId);
export const WORKSPACE = 'ws-acme';
/** Member ids are `m<hubspotUserId>` (optionally `-<suffix>`, for many reps sharing a sandbox user). */
export const memberOf = (u: { userId: number }, suffix = '') => `m${u.userId}${suffix ? `-${suffix}` : ''}`;

export interface Stack {
  sandbox: StartedSandbox;
  db: Db;
  budget: RateBudget;
  hubspot: GatewayHubSpotWrites;
  gateway: HubSpotGateway;
  access: AccessPort;
  install: Map<string, InstallState>;
  deps: WritesDeps;
  token: () => string;
  newWorker(opts?: Partial<WorkerOptions>): DeliveryWorker;
  close(): Promise<void>;
}

const PermittedAnswer = z.object({
  resources: z.record(z.string(), z.record(z.string(), z.object({ permittedUsers: z.array(z.union([z.string(), z.number()]).transform(String)) }))).default({}),
});

export interface Wired {
  db: Db;
  budget: RateBudget;
  hubspot: GatewayHubSpotWrites;
  gateway: HubSpotGateway;
  access: AccessPort;
  install: Map<string, InstallState>;
  workers: DeliveryWorker[];
  newWorker(opts?: Partial<WorkerOptions>): DeliveryWorker;
}

/** The delivery side wired to a sandbox URL and token (used in-process and by child workers). */
export function wireDelivery(handle: DatabaseHandle, o: { apiBase: string; accessToken: string; rate?: RateBudgetConfig; timeoutMs?: number; logLevel?: string }): Wired {
  const nouns: Record<CrmObjectTypeId, string> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal', '0-5': 'ticket' };
  const app: HubSpotApp = {
    mode: 'sandbox',
    clientId: SANDBOX_APP.clientId,
    clientSecret: SANDBOX_APP.clientSecret,
    appId: SANDBOX_APP.appId,
    redirectUri: 'http://127.0.0.1/cb',
    apiBase: o.apiBase,
    authorizeBase: o.apiBase,
    scopes: [],
    optionalScopes: [],
    timeoutMs: o.timeoutMs ?? 2_000,
  };
  const db = handle.db;
  const budget = new RateBudget(db, o.rate ?? { limit: 110, intervalMs: 10_000, marginMs: 250 });
  const install = new Map<string, InstallState>([[WORKSPACE, 'connected']]);
  // The install side in memory: one fixed token (this stack has no installs table; the gateway's
  // refresh and health recording are tested with the real install service in gateway.test.ts).
  const gateway = new HubSpotGateway(
    {
      app,
      async accessToken(ws: string) {
        const state = install.get(ws);
        if (state !== 'connected') return fail('needs_reconnect', 'HubSpot must be reconnected by an admin.', { kind: 'needs_reconnect', httpStatus: null, adminAction: 'Reconnect HubSpot.' });
        return ok({ installId: `install-${ws}`, portalId: PORTAL, accessToken: o.accessToken });
      },
      recordSuccess: async () => {},
      recordFailure: async () => {},
    },
    budget,
  );
  const hubspot = new GatewayHubSpotWrites((ws, opts) => gateway.portal(ws, opts));

  // HubSpot's permitted-users answer, fetched ≤20 records a call through the gateway (shared
  // budget), one object type per call (as production sends them).
  const fetchPermitted: FetchPermitted = async ({ workspaceId, portalId }, type, ids) => {
    const hcrn = (id: string) => `hcrn:${portalId}:crm-object:${type}:${id}`;
    const res = await gateway.portal(workspaceId)({ method: 'GET', path: '/resource-permissions/v3/permitted-users', query: { resource: ids.map(hcrn) } });
    if (!res.ok) return res;
    const parsed = PermittedAnswer.parse(res.data.body);
    return ok(
      new Map(
        ids.map((id) => {
          const entry = parsed.resources[hcrn(id)];
          return [id, entry ? { view: entry['crm-object:VIEW']?.permittedUsers ?? [], edit: entry['crm-object:EDIT']?.permittedUsers ?? [] } : null];
        }),
      ),
    );
  };
  const source = new PermittedUsersSource(fetchPermitted);
  const access: AccessPort = {
    async canEditFresh(workspaceId, memberId, ref, opts) {
      const { portalId, objectType, recordId } = ref;
      const a = await source.lookup({ workspaceId, portalId }, objectType, recordId, { fresh: true });
      // A property edit's check reads the edited properties (its audit "before"), as production's does.
      let values: Record<string, string | null> | null = null;
      if (opts?.properties?.length) {
        const read = await hubspot.readRecords(workspaceId, objectType, [recordId], [...opts.properties], { signal: new AbortController().signal });
        if (!read.ok) return { ok: false, error: read.error };
        const props = read.data[0]?.properties ?? {};
        values = Object.fromEntries(opts.properties.map((k) => [k, props[k] ?? null]));
      }
      const userId = /^m(\d+)/.exec(memberId)?.[1] ?? '';
      if (a.kind === 'unavailable') return { ok: false, error: toPortError(fail('hubspot_unavailable', a.why, { kind: 'unavailable', httpStatus: 503 })) };
      if (a.kind === 'not_found') return { ok: true, allowed: false, code: 'record_not_found', message: `This ${nouns[objectType]} no longer exists in HubSpot.` };
      const allowed = a.edit.has(userId);
      const message = allowed ? `You can edit this ${nouns[objectType]}.` : `HubSpot does not let you edit this ${nouns[objectType]}.`;
      return { ok: true, allowed, code: allowed ? 'permitted_by_hubspot' : 'not_permitted_by_hubspot', message, values };
    },
  };
  const workers: DeliveryWorker[] = [];
  const log = pino({ level: o.logLevel ?? 'silent' }, pino.destination(2));
  return {
    db,
    budget,
    hubspot,
    gateway,
    access,
    install,
    workers,
    newWorker(w = {}) {
      const worker = new DeliveryWorker({
        db,
        dialect: handle.dialect,
        hubspot,
        access,
        install: { state: async (ws) => install.get(ws) ?? 'disconnected' },
        log,
        budget,
        backoff: { baseMs: 50, capMs: 400 },
        breaker: { threshold: 3, openMs: 600, maxOpenMs: 2_000, probeMs: 1_000 },
        pollMs: 50,
        gatherMs: 10,
        ...w,
      });
      workers.push(worker);
      return worker;
    },
  };
}

export async function startStack(
  handle: DatabaseHandle,
  opts: { rate?: RateBudgetConfig; sandboxRate?: { max: number; intervalMs: number }; timeoutMs?: number; seed?: 'default' | 'large'; scopes?: string[] } = {},
): Promise<Stack> {
  const sandbox = await startSandbox({ ...(opts.sandboxRate ? { rateLimit: opts.sandboxRate } : {}), ...(opts.seed ? { seed: opts.seed } : {}) });
  // `scopes`: install with fewer scopes than the portal offers (an object not granted).
  const installed = sandbox.sandbox.control.install(ACME.portalId, ACME.users.superAdmin.userId, opts.scopes);
  const accessToken = installed.access_token;
  const w = wireDelivery(handle, { apiBase: sandbox.url, accessToken, ...(opts.rate ? { rate: opts.rate } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const taskOptions = new TaskOptionsCache(() => listPropertyDefinitions(w.gateway.portal(WORKSPACE), 'tasks'));
  const callOutcomes = new CallOutcomesCache(() => listCallDispositions(w.gateway.portal(WORKSPACE)));
  const deps: WritesDeps = {
    db: w.db,
    installedPortal: async (ws) => (ws === WORKSPACE ? { portalId: PORTAL, status: w.install.get(ws) === 'connected' ? 'connected' : 'needs_reconnect', scopes: installed.scopes } : null),
    identityOf: async (_ws, memberId) => {
      const userId = Number(/^m(\d+)/.exec(memberId)?.[1]);
      const user = Object.values(ACME.users).find((u) => u.userId === userId);
      return user ? { hubspotUserId: String(user.userId), ownerId: String(user.ownerId) } : null;
    },
    access: w.access,
    taskOptions: (ws) => taskOptions.get(ws),
    callOutcomes: (ws) => callOutcomes.get(ws),
    notifyWorker: () => w.workers.forEach((x) => x.notify()),
    now: Date.now,
  };
  return {
    sandbox,
    db: w.db,
    budget: w.budget,
    hubspot: w.hubspot,
    gateway: w.gateway,
    access: w.access,
    install: w.install,
    deps,
    token: () => accessToken,
    newWorker: (o) => w.newWorker(o),
    async close() {
      await Promise.all(w.workers.map((x) => x.stop(2_000)));
      await sandbox.close();
    },
  };
}

/** Polls until `check` returns a truthy value (or throws after `ms`). */
export async function until<T>(check: () => Promise<T | null | undefined | false>, ms = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Makes the given properties of an object (contacts by default) editable, with definitions read from the sandbox. */
export async function allowProperties(stack: Stack, names: string[], objectType: CrmObjectTypeId = '0-1'): Promise<void> {
  const { setEditableProperties } = await import('../../../backend/services/settings/editable-properties');
  const res = await setEditableProperties(
    {
      db: stack.db,
      now: Date.now,
      // Through the gateway, as the product's settings route reads them (backend/compose.ts).
      objectProperties: (_ws, type) => listPropertyDefinitions(stack.gateway.portal(WORKSPACE), OBJECT_API[type].name),
      taskOptions: stack.deps.taskOptions,
      callOutcomes: stack.deps.callOutcomes,
    },
    { workspaceId: WORKSPACE, memberId: memberOf(ACME.users.superAdmin) },
    { properties: names },
    null,
    objectType,
  );
  if (!res.ok) throw new Error(res.error.message);
}

/** Opens the portal's breaker for `ms`: the worker sends nothing until then (acceptance still works). */
export async function holdDelivery(stack: Stack, ms: number): Promise<void> {
  await stack.budget.ensurePortal(PORTAL);
  await stack.db.updateTable('portal_delivery').set({ breaker_failures: 99, breaker_trips: 1, breaker_open_until: Date.now() + ms }).where('portal_id', '=', PORTAL).execute();
}
