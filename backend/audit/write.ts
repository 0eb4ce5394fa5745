import type { Kysely, Transaction } from 'kysely';
import type { AuditResult, Database } from '../db/schema';
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

/**
 * Any Kysely handle or transaction whose database includes ours. Features extend `Database` with
 * their own tables (`Kysely<Database & OutboxTables>`) and Kysely's generics are invariant, so
 * shared functions (this writer, the stores) take this loose type and narrow it with `asDb`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely<any>: audit writes run on any of the feature table types until one Database type lands (issue 19 item 2).
export type AnyDb = Kysely<any> | Transaction<any>;
/** @deprecated name kept for early users; same as AnyDb. */
export type DbOrTrx = AnyDb;
export const asDb = (db: AnyDb) => db as Kysely<Database>;

export async function writeAudit(anyDb: AnyDb, entry: AuditEntry): Promise<string> {
  const id = newId();
  await asDb(anyDb)
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
