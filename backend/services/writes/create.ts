import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AccessPort } from '../delivery/ports';
import { findLink } from '../identity/store';
import type { InstalledPortalRef, WritesDeps } from './deps';
import type { CallOutcomesCache } from '../write-kinds/call-outcomes';
import type { TaskOptionsCache } from '../write-kinds/task-options';

/**
 * The writes feature (accepting a CRM write into the outbox): the workspace's install, the
 * member's HubSpot identity (identity links), acceptance's access check and a nudge for this
 * process's delivery worker. Built once by backend/compose.ts after delivery.
 */
export interface WritesWiring {
  db: Kysely<Database>;
  installedPortal(workspaceId: string): Promise<InstalledPortalRef | null>;
  access: AccessPort;
  taskOptions: TaskOptionsCache;
  callOutcomes: CallOutcomesCache;
  notifyWorker(): void;
  now?: () => number;
}

export function createWrites(w: WritesWiring): WritesDeps {
  return {
    db: w.db,
    installedPortal: w.installedPortal,
    async identityOf(workspaceId, memberId) {
      const link = await findLink(w.db, workspaceId, memberId);
      if (!link || link.deactivated_at !== null) return null;
      return { hubspotUserId: link.hubspot_user_id, ownerId: link.owner_id };
    },
    access: w.access,
    taskOptions: (ws) => w.taskOptions.get(ws),
    callOutcomes: (ws) => w.callOutcomes.get(ws),
    notifyWorker: w.notifyWorker,
    now: w.now ?? Date.now,
  };
}
