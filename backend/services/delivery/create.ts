import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/database';
import type { HubSpotGateway } from '../../hubspot/gateway';
import { checkAccessFresh } from '../access/check';
import { withReadTimeout } from '../access/create';
import type { AccessDeps } from '../access/deps';
import { writeCheckDeps } from '../access/write-checks';
import { GatewayHubSpotWrites, toPortError } from './hubspot-writes';
import type { AccessPort } from './ports';
import type { RateBudget } from './rate-budget';
import { DeliveryWorker } from './worker';

/**
 * The delivery feature: this process's outbox worker and the fresh access checks of the write
 * path (one for acceptance, one for delivery). Built once by backend/compose.ts after access; the
 * app starts the worker after listening and stops it before the database closes.
 */
export interface DeliveryWiring {
  database: DatabaseHandle;
  access: AccessDeps;
  /** The app's one gateway, so every HubSpot call shares its budget and install health. */
  gateway: HubSpotGateway;
  budget: RateBudget;
  install: { state(workspaceId: string): Promise<'connected' | 'needs_reconnect' | 'disconnected'> };
  log: Logger;
  now?: () => number;
}

export interface Delivery {
  worker: DeliveryWorker;
  /** Acceptance's check, within the member's share of the read budget (services/writes/accept.ts). */
  acceptAccess: AccessPort;
}

/**
 * How long accepting a write waits for a slot in the portal's rate budget before accepting it
 * pending its check: the rep's save answers within about a second even while a burst has the
 * budget busy.
 */
export const ACCEPT_BUDGET_WAIT_MS = 1_000;

export function createDelivery(o: DeliveryWiring): Delivery {
  const now = o.now ?? Date.now;
  const hubspot = new GatewayHubSpotWrites((ws, opts) => o.gateway.portal(ws, opts));
  // The write path's checks gather concurrent writes into batch reads (access/write-checks.ts).
  // Acceptance waits briefly for a budget slot: a write it cannot check now is accepted pending
  // its check, never refused. The worker's checks wait for the budget as long as it takes, like
  // its batches: nobody is waiting on them.
  const acceptSend = o.gateway.sendFor({ maxWaitMs: ACCEPT_BUDGET_WAIT_MS });
  const acceptDeps = writeCheckDeps(o.access, (ws) => withReadTimeout(acceptSend(ws)));
  const workerDeps = writeCheckDeps(o.access, o.gateway.sendFor());
  const checkWith =
    (deps: AccessDeps): AccessPort['canEditFresh'] =>
    async (workspaceId, memberId, ref, opts) => {
      const properties = opts?.properties ?? [];
      const r = await checkAccessFresh(deps, { workspaceId, memberId }, ref, { action: 'crm.write.check', properties });
      if (!r.ok) return { ok: false, error: toPortError(r) };
      const edit = r.data.access.canEdit;
      const record = r.data.record;
      const values = record ? Object.fromEntries(properties.map((p) => [p, record.properties[p] ?? null])) : null;
      return { ok: true, allowed: edit.allowed, code: edit.code, message: edit.message, values };
    };
  const access: AccessPort = { canEditFresh: checkWith(workerDeps) };
  const acceptCheck = checkWith(acceptDeps);
  // Accepting a write checks access within the member's share of the portal's read budget, like a
  // record view (services/access/member-share.ts); past it the write is accepted pending its
  // check (accept.ts). The worker's check at delivery is not a member's request and is not limited here.
  const acceptAccess: AccessPort = {
    async canEditFresh(workspaceId, memberId, ref, opts) {
      const admitted = o.access.memberShare?.enter(workspaceId, memberId, now());
      if (admitted && !admitted.ok) return { ok: false, error: toPortError(admitted.failure) };
      try {
        return await acceptCheck(workspaceId, memberId, ref, opts);
      } finally {
        if (admitted?.ok) admitted.leave();
      }
    },
  };
  const worker = new DeliveryWorker({ db: o.database.db, dialect: o.database.dialect, hubspot, access, install: o.install, log: o.log, budget: o.budget, now });
  return { worker, acceptAccess };
}
