import { OBJECT_API } from '../../hubspot/objects';
import { readRecordsBatch } from '../../hubspot/object-read';
import type { PortalSend } from '../../hubspot/portal-send';
import { readPermittedUsers } from '../../hubspot/permitted-users';
import { RecordBatchSource } from './record-batch-source';
import type { AccessDeps } from './deps';
import type { GatherWindow } from './gather';
import { PermittedUsersSource } from './permitted-users-source';
import { isLasting } from './create';

/**
 * The access service as the write path uses it: the same decision (check.ts) over sources that
 * gather the fresh reads of concurrent writes into batches, per object — records through
 * batch/read (≤100 a call), permitted users ≤20 resources a call — so a burst of writes costs a few HubSpot calls,
 * not two per write. `send` decides how a call waits for the portal's rate budget (acceptance
 * waits briefly, the delivery worker as long as it takes).
 */
export function writeCheckDeps(base: AccessDeps, send: (workspaceId: string) => PortalSend, window: Partial<GatherWindow> = {}): AccessDeps {
  // A lone write waits 25 ms for company; a burst's batch leaves full or after 300 ms.
  const quietMs = window.quietMs ?? 25;
  const maxWaitMs = window.maxWaitMs ?? 300;
  const records = new RecordBatchSource((ws, type, ids, props) => readRecordsBatch(send(ws), OBJECT_API[type].name, ids, props), { quietMs, maxWaitMs });
  const permitted = new PermittedUsersSource((portal, type, ids) => readPermittedUsers(send(portal.workspaceId), portal.portalId, type, ids), {
    isLasting,
    now: base.now,
    gatherMs: quietMs,
    gatherMaxMs: maxWaitMs,
  });
  return { ...base, permitted, readRecord: (ws, type, id, props) => records.read(ws, type, id, props) };
}
