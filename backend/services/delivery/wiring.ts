import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/database';
import { listContactPropertyDefinitions } from '../../hubspot/contact-properties';
import { HubSpotGateway } from '../../hubspot/gateway';
import { checkAccessFresh } from '../access/check';
import type { AccessDeps } from '../access/deps';
import { findLink } from '../identity/store';
import type { InstallService } from '../install/service';
import type { SettingsDeps } from '../settings/editable-properties';
import type { WritesDeps } from '../writes/deps';
import { writesDb } from '../writes/tables';
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

export function createWritePath(o: { database: DatabaseHandle; install: InstallService; access: AccessDeps; log: Logger; rateBudget?: RateBudgetConfig; budget?: RateBudget; gateway?: HubSpotGateway; now?: () => number }): WritePath {
  const now = o.now ?? Date.now;
  const db = writesDb(o.database.db);
  const budget = o.budget ?? new RateBudget(db, o.rateBudget ?? DEFAULT_RATE_BUDGET, now);
  // The app's one gateway when given (buildApp), so every HubSpot call shares its budget and health.
  const gateway = o.gateway ?? new HubSpotGateway(o.install.gatewayPort, budget, { now });
  const hubspot = new GatewayHubSpotWrites((ws, opts) => gateway.portal(ws, opts));
  const access: AccessPort = {
    async canEditFresh(workspaceId, memberId, portalId, contactId) {
      const r = await checkAccessFresh(o.access, { workspaceId, memberId }, portalId, contactId, { action: 'crm.write.check' });
      if (!r.ok) return { ok: false, error: toPortError(r) };
      const edit = r.data.access.canEdit;
      return { ok: true, allowed: edit.allowed, code: edit.code, message: edit.message };
    },
  };
  // Accepting a write checks access against HubSpot now: within the member's share of the
  // portal's read budget, like a record view (services/records/member-share.ts). The worker's
  // re-check at delivery is not a member's request and is not limited here.
  const acceptAccess: AccessPort = {
    async canEditFresh(workspaceId, memberId, portalId, contactId) {
      const admitted = o.access.memberShare?.enter(workspaceId, memberId, now());
      if (admitted && !admitted.ok) return { ok: false, error: toPortError(admitted.failure) };
      try {
        return await access.canEditFresh(workspaceId, memberId, portalId, contactId);
      } finally {
        if (admitted?.ok) admitted.leave();
      }
    },
  };
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
    notifyWorker: () => worker.notify(),
    now,
  };
  const settings: SettingsDeps = {
    db,
    now,
    // Through the gateway like every other HubSpot call: a call outside the portal's budget is
    // one HubSpot counts and no instance does (the cause of the scale bench's 429).
    contactProperties: (workspaceId) => listContactPropertyDefinitions(gateway.portal(workspaceId)),
  };
  return { writes, settings, worker, budget };
}
