import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema';

/**
 * A workspace's audit log, oldest first, read in pages by (created_at, id) so a large log streams
 * with flat memory and a stable order even while new rows arrive. Shared by the operator CLI and
 * the admin export route. Audit rows hold ids, codes and counts, never secrets; the export adds
 * the current email and name of the acting member (and of a member the row is about), so a
 * reader need not look ids up. A member removed since has empty cells there, never a guess.
 */
export type AuditRow = Selectable<AuditLogTable> & {
  actor_email: string | null;
  actor_name: string | null;
  target_email: string | null;
  target_name: string | null;
};
export const AUDIT_COLUMNS = [
  'created_at', 'id', 'workspace_id', 'actor_member_id', 'actor_email', 'actor_name', 'actor_hubspot_user_id', 'action',
  'target_type', 'target_id', 'target_email', 'target_name', 'result', 'correlation_id', 'details',
] as const;
const PAGE = 1000;

export async function* auditRows(db: Kysely<Database>, workspaceId: string, range: { from?: number; to?: number } = {}): AsyncGenerator<AuditRow> {
  let after: { at: number; id: string } | null = null;
  for (;;) {
    // Joined on the workspace too: an id from another workspace never lends this one a name.
    let q = db
      .selectFrom('audit_log as a')
      .leftJoin('members as actor', (j) => j.onRef('actor.id', '=', 'a.actor_member_id').onRef('actor.workspace_id', '=', 'a.workspace_id'))
      .leftJoin('members as target', (j) =>
        j.onRef('target.id', '=', 'a.target_id').onRef('target.workspace_id', '=', 'a.workspace_id').on('a.target_type', '=', 'member'),
      )
      .selectAll('a')
      .select(['actor.email as actor_email', 'actor.display_name as actor_name', 'target.email as target_email', 'target.display_name as target_name'])
      .where('a.workspace_id', '=', workspaceId);
    if (range.from !== undefined) q = q.where('a.created_at', '>=', range.from);
    if (range.to !== undefined) q = q.where('a.created_at', '<', range.to);
    if (after) {
      const last = after;
      q = q.where((eb) => eb.or([eb('a.created_at', '>', last.at), eb.and([eb('a.created_at', '=', last.at), eb('a.id', '>', last.id)])]));
    }
    const rows = await q.orderBy('a.created_at').orderBy('a.id').limit(PAGE).execute();
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
