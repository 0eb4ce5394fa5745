import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/database';
import { listPropertyDefinitions, type PropertyObjectType } from '../../hubspot/property-definitions';
import { HubSpotGateway } from '../../hubspot/gateway';
import { checkAccessFresh } from '../access/check';
import type { AccessDeps } from '../access/deps';
import { withReadTimeout } from '../access/wiring';
import { writeCheckDeps } from '../access/write-checks';
import { findLink } from '../identity/store';
import type { InstallService } from '../install/service';
import type { SettingsDeps } from '../settings/editable-properties';
import type { WritesDeps } from '../writes/deps';
import { TaskOptionsCache } from '../writes/task-options';
import { GatewayHubSpotWrites, toPortError } from './hubspot-writes';
import type { AccessPort } from './ports';
import { DEFAULT_RATE_BUDGET, RateBudget, type RateBudgetConfig } from './rate-budget';
import { DeliveryWorker } from './worker';

/**
 * The write path for one process, built from the install service (tokens, install state), the
 * access service (fresh checks) and the identity links. buildApp registers the routes with
 * `writes`/`settings`; the process starts `worker` after listening and stops it on shutdown
 * (before closing the database).
 */
export interface WritePath {
  writes: WritesDeps;
  settings: SettingsDeps;
  worker: DeliveryWorker;
  budget: RateBudget;
}

/**
 * How long accepting a write waits for a slot in the portal's rate budget before accepting it
 * pending its check: the rep's save answers within about a second even while a burst has the
 * budget busy.
 */
export const ACCEPT_BUDGET_WAIT_MS = 1_000;

export function createWritePath(o: { database: DatabaseHandle; install: InstallService; access: AccessDeps; log: Logger; rateBudget?: RateBudgetConfig; budget?: RateBudget; gateway?: HubSpotGateway; now?: () => number }): WritePath {
  const now = o.now ?? Date.now;
  const db = o.database.db;
  const budget = o.budget ?? new RateBudget(db, o.rateBudget ?? DEFAULT_RATE_BUDGET, now);
  // The app's one gateway when given (buildApp), so every HubSpot call shares its budget and health.
  const gateway = o.gateway ?? new HubSpotGateway(o.install.gatewayPort, budget, { now });
  const hubspot = new GatewayHubSpotWrites((ws, opts) => gateway.portal(ws, opts));
  // The write path's checks gather concurrent writes into batch reads (access/write-checks.ts).
  // Acceptance waits briefly for a budget slot: a write it cannot check now is accepted pending
  // its check, never refused. The worker's checks wait for the budget as long as it takes, like
  // its batches: nobody is waiting on them.
  const acceptSend = gateway.sendFor({ maxWaitMs: ACCEPT_BUDGET_WAIT_MS });
  const acceptDeps = writeCheckDeps(o.access, (ws) => withReadTimeout(acceptSend(ws)));
  const workerDeps = writeCheckDeps(o.access, gateway.sendFor());
  const checkWith =
    (deps: AccessDeps): AccessPort['canEditFresh'] =>
    async (workspaceId, memberId, portalId, contactId, opts) => {
      const properties = opts?.properties ?? [];
      const r = await checkAccessFresh(deps, { workspaceId, memberId }, portalId, contactId, { action: 'crm.write.check', properties });
      if (!r.ok) return { ok: false, error: toPortError(r) };
      const edit = r.data.access.canEdit;
      const values = r.data.contact ? Object.fromEntries(properties.map((p) => [p, r.data.contact!.properties[p] ?? null])) : null;
      return { ok: true, allowed: edit.allowed, code: edit.code, message: edit.message, values };
    };
  const access: AccessPort = { canEditFresh: checkWith(workerDeps) };
  const acceptCheck = checkWith(acceptDeps);
  // Accepting a write checks access within the member's share of the portal's read budget, like a
  // record view (services/records/member-share.ts); past it the write is accepted pending its
  // check (accept.ts). The worker's check at delivery is not a member's request and is not limited here.
  const acceptAccess: AccessPort = {
    async canEditFresh(workspaceId, memberId, portalId, contactId, opts) {
      const admitted = o.access.memberShare?.enter(workspaceId, memberId, now());
      if (admitted && !admitted.ok) return { ok: false, error: toPortError(admitted.failure) };
      try {
        return await acceptCheck(workspaceId, memberId, portalId, contactId, opts);
      } finally {
        if (admitted?.ok) admitted.leave();
      }
    },
  };
  // Through the gateway like every other HubSpot call: a call outside the portal's budget is one
  // HubSpot counts and no instance does (the cause of the scale bench's 429).
  const propertiesOf = (objectType: PropertyObjectType) => (workspaceId: string) => listPropertyDefinitions(gateway.portal(workspaceId), objectType);
  const taskOptions = new TaskOptionsCache(propertiesOf('tasks'), now);
  const worker = new DeliveryWorker({ db, dialect: o.database.dialect, hubspot, access, install: { state: (ws) => o.install.state(ws) }, log: o.log, budget, now });
  const writes: WritesDeps = {
    db,
    installedPortal: (ws) => o.install.installedPortal(ws),
    async identityOf(workspaceId, memberId) {
      const link = await findLink(o.database.db, workspaceId, memberId);
      if (!link || link.deactivated_at !== null) return null;
      return { hubspotUserId: link.hubspot_user_id, ownerId: link.owner_id };
    },
    access: acceptAccess,
    taskOptions: (ws) => taskOptions.get(ws),
    notifyWorker: () => worker.notify(),
    now,
  };
  const settings: SettingsDeps = {
    db,
    now,
    contactProperties: propertiesOf('contacts'),
    taskOptions: (ws) => taskOptions.get(ws),
  };
  return { writes, settings, worker, budget };
}
