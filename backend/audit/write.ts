import type { AuditResult, Db } from '../db/schema';
import { newId } from '../security/tokens';

/**
 * The one audit writer. Call it with the transaction that makes the change, so the audit row and
 * the change commit (or roll back) together. `details` is stored as JSON and must never hold a
 * secret, token or password; keep it to ids, codes and counts.
 */
export interface AuditEntry {
  workspaceId: string;
  actorMemberId?: string | null;
  actorHubspotUserId?: string | null;
  /** Dotted verb, e.g. `member.invited`, `auth.sign_in`, `crm.note.create`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
  correlationId?: string | null;
  /** Epoch ms; defaults to now. */
  at?: number;
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<string> {
  const id = newId();
  await db
    .insertInto('audit_log')
    .values({
      id,
      workspace_id: entry.workspaceId,
      actor_member_id: entry.actorMemberId ?? null,
      actor_hubspot_user_id: entry.actorHubspotUserId ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      result: entry.result,
      details: JSON.stringify(entry.details ?? {}),
      correlation_id: entry.correlationId ?? null,
      created_at: entry.at ?? Date.now(),
    })
    .execute();
  return id;
}
