import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema';

/**
 * A workspace's audit log, oldest first, read in pages by (created_at, id) so a large log streams
 * with flat memory and a stable order even while new rows arrive. Shared by the operator CLI and
 * the admin export route. Audit rows hold ids, codes and counts, never secrets.
 */
export type AuditRow = Selectable<AuditLogTable>;
export const AUDIT_COLUMNS = ['created_at', 'id', 'workspace_id', 'actor_member_id', 'actor_hubspot_user_id', 'action', 'target_type', 'target_id', 'result', 'correlation_id', 'details'] as const;
const PAGE = 1000;

export async function* auditRows(db: Kysely<Database>, workspaceId: string, range: { from?: number; to?: number } = {}): AsyncGenerator<AuditRow> {
  let after: { at: number; id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
    if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
    if (range.to !== undefined) q = q.where('created_at', '<', range.to);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('created_at', '>', a.at), eb.and([eb('created_at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(PAGE).execute();
    yield* rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.created_at, id: last.id };
  }
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export const auditRecord = (r: AuditRow) => ({ ...r, created_at: new Date(r.created_at).toISOString(), details: safeJson(r.details) });

/** A CSV cell; cells a spreadsheet would run as a formula are prefixed with `'`. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = AUDIT_COLUMNS.join(',') + '\n';

export function formatAuditRow(r: AuditRow, format: 'jsonl' | 'csv'): string {
  const rec = auditRecord(r);
  return format === 'csv' ? AUDIT_COLUMNS.map((c) => csvCell(rec[c])).join(',') + '\n' : JSON.stringify(rec) + '\n';
}
