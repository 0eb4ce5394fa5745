import { writeAudit, type AuditEntry } from '../../audit/write';
import { denialLogFor } from './denial-log';
import type { Db } from '../../db/schema';

/**
 * The one way a member's denial reaches the audit log (record views, write refusals, route
 * refusals): through the database's DenialLog, so however a member varies what they try, the
 * rows they cause stay bounded (see services/audit/denial-log.ts). `key` names the denial
 * without the actor (e.g. `record.view|<portal>|<contact>|<code>`); it must not hold secrets.
 *
 * Returns whether the denial itself was written. When it hits the member's cap, one
 * `audit.denials_capped` row says so (cap, window, how many were left out) instead.
 */
export type DenialEntry = AuditEntry & { actorMemberId: string; at: number };

export async function recordDenial(db: Db, entry: DenialEntry, key: string): Promise<boolean> {
  const verdict = denialLogFor(db).admit(`${entry.workspaceId}|${entry.actorMemberId}`, key, entry.at);
  if (verdict.write) {
    const details = verdict.suppressedBefore > 0 ? { ...entry.details, suppressedBefore: verdict.suppressedBefore } : entry.details;
    await writeAudit(db, { ...entry, ...(details ? { details } : {}) });
    return true;
  }
  if (verdict.summary) {
    await writeAudit(db, {
      workspaceId: entry.workspaceId,
      actorMemberId: entry.actorMemberId,
      action: 'audit.denials_capped',
      targetType: 'member',
      targetId: entry.actorMemberId,
      result: 'denied',
      details: verdict.summary,
      correlationId: entry.correlationId ?? null,
      at: entry.at,
    });
  }
  return false;
}
