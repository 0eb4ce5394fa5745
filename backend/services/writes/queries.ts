import type { WriteView } from '../../../lib/contract/api/writes';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { WritesDeps } from './deps';
import type { Caller } from '../caller';
import { getWrite, listForRecord, resetFailed } from './outbox-store';
import { toView } from './view';
import type { WriteTarget } from './target';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';

/**
 * Reading and retrying writes. A rep sees their own writes; an admin sees every write of the
 * workspace (a record's history). Other workspaces' writes look like missing ones.
 */

const canSee = (caller: Caller<'role'>, memberId: string) => caller.role === 'admin' || caller.memberId === memberId;

export async function getWriteFor(deps: WritesDeps, caller: Caller<'role'>, writeId: string): Promise<Result<WriteView>> {
  const row = await getWrite(deps.db, caller.workspaceId, writeId);
  if (!row || !canSee(caller, row.member_id)) return fail('not_found', 'No such write.');
  return ok(toView(row));
}

export async function listRecordWrites(deps: WritesDeps, caller: Caller<'role'>, target: WriteTarget, limit: number): Promise<Result<WriteView[]>> {
  const rows = await listForRecord(deps.db, {
    workspaceId: caller.workspaceId,
    portalId: target.portalId,
    objectType: target.objectType,
    recordId: target.recordId,
    memberId: caller.role === 'admin' ? null : caller.memberId,
    limit,
  });
  return ok(rows.map(toView));
}

/** A failed write goes back to the outbox; access is checked again when it is delivered. */
export async function retryWrite(deps: WritesDeps, caller: Caller<'role'>, writeId: string, correlationId: string | null): Promise<Result<WriteView>> {
  const row = await getWrite(deps.db, caller.workspaceId, writeId);
  if (!row || !canSee(caller, row.member_id)) return fail('not_found', 'No such write.');
  const now = deps.now();
  const reset = await deps.db.transaction().execute(async (trx) => {
    const changed = await resetFailed(trx, caller.workspaceId, writeId, now);
    if (changed) {
      await writeAudit(trx, {
        workspaceId: caller.workspaceId,
        actorMemberId: caller.memberId,
        action: 'crm.write.retry',
        targetType: CRM_OBJECTS[row.object_type].singular,
        targetId: row.contact_id,
        result: 'ok',
        details: { writeId },
        correlationId,
        at: now,
      });
    }
    return changed;
  });
  if (!reset) return fail('conflict', `Only a failed write can be retried; this one is ${row.status}.`);
  deps.notifyWorker();
  const fresh = await getWrite(deps.db, caller.workspaceId, writeId);
  return ok(toView(fresh!));
}
