import type { Logger } from 'pino';
import { z } from 'zod';
import { ok } from '../../../lib/errors';
import type { DatabaseHandle } from '../../db/database';
import type { HubSpotApp } from '../../hubspot/app';
import { checkAccessFresh } from '../access/check';
import type { AccessDeps } from '../access/deps';
import { findLink } from '../identity/store';
import type { InstallService } from '../install/service';
import type { SettingsDeps } from '../settings/editable-properties';
import type { WritesDeps } from '../writes/deps';
import { writesDb } from '../writes/tables';
import { TaskOptionsCache } from '../writes/task-options';
import { budgetedSend } from './budgeted-send';
import { HttpHubSpotWrites, toPortError } from './hubspot-writes';
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

const PropertiesAnswer = z.object({ results: z.array(z.unknown()) });

export function createWritePath(o: { database: DatabaseHandle; app: HubSpotApp; install: InstallService; access: AccessDeps; log: Logger; rateBudget?: RateBudgetConfig; budget?: RateBudget; now?: () => number }): WritePath {
  const now = o.now ?? Date.now;
  const db = writesDb(o.database.db);
  const budget = o.budget ?? new RateBudget(db, o.rateBudget ?? DEFAULT_RATE_BUDGET, now);
  const hubspot = new HttpHubSpotWrites(o.app, (ws) => o.install.accessToken(ws), budget);
  const send = budgetedSend(o.install, budget);
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
  // Inside the portal's rate budget like every other HubSpot call: a call outside it is one
  // HubSpot counts and no instance does (the cause of the scale bench's 429).
  const propertiesOf = (objectType: 'contacts' | 'tasks') => async (workspaceId: string) => {
    const res = await send(workspaceId)({ method: 'GET', path: `/crm/v3/properties/${objectType}` });
    if (!res.ok) return res;
    const parsed = PropertiesAnswer.safeParse(res.data.body);
    return parsed.success ? ok(parsed.data.results) : { ok: false as const, error: { code: 'hubspot_error' as const, message: `HubSpot described the ${objectType.slice(0, -1)} properties in an unexpected shape.` } };
  };
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
