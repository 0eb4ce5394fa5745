import type { Db, OutboxRow } from '../../db/schema';

/**
 * One fresh access check per write per delivery: a check that allowed the write (at acceptance,
 * or by the worker for an earlier attempt) at most ACCESS_REUSE_MS ago serves the delivery
 * instead of asking HubSpot again. Without this, every write costs its access reads twice.
 *
 * Why 5 s is safe:
 * - The check it reuses is the same fresh check (no cached answer): HubSpot's permitted users and
 *   the contact's ownership as HubSpot answered them at most 5 s before the request leaves. The
 *   record view already shows verdicts up to 5 s old (the permitted-users cache), and a change of
 *   rights in HubSpot takes effect for Portside no faster than that anywhere else.
 * - What must stop a write at once is checked every round whatever this says: the author
 *   disabled by an admin (member-check.ts) and the install's state (worker.ts).
 * - A write not sent within the window — a retry, a backlog, a write accepted pending its check —
 *   is checked again, and a denial then fails it with the reason.
 * - A property edit reuses the check only with the values it read (the audit's "before"), and
 *   not when another edit of the same record (object and id) was delivered after that read (the
 *   values would be stale): it is then checked, and read, again.
 */
export const ACCESS_REUSE_MS = 5_000;

export type BeforeValues = Record<string, string | null>;

function parseValues(text: string | null): BeforeValues | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as BeforeValues) : null;
  } catch {
    return null;
  }
}

/** Rows whose last allowing check serves this delivery → their "before" values (null for creates). */
export async function reusableChecks(db: Db, rows: OutboxRow[], now: number, windowMs: number): Promise<Map<string, BeforeValues | null>> {
  const out = new Map<string, BeforeValues | null>();
  if (windowMs <= 0) return out;
  const young = rows.filter((r) => r.access_checked_at !== null && now - Number(r.access_checked_at) <= windowMs);
  const edits = young.filter((r) => r.kind === 'properties');
  const staleEdits = new Set<string>();
  if (edits.length) {
    const since = Math.min(...edits.map((r) => Number(r.access_checked_at)));
    const delivered = await db
      .selectFrom('write_outbox')
      .select(['object_type', 'contact_id', 'delivered_at'])
      .where('portal_id', '=', edits[0]!.portal_id)
      .where('kind', '=', 'properties')
      .where('status', '=', 'done')
      .where('contact_id', 'in', [...new Set(edits.map((r) => r.contact_id))])
      .where('delivered_at', '>=', since)
      .execute();
    for (const r of edits) {
      const sameRecord = (d: (typeof delivered)[number]) => d.object_type === r.object_type && d.contact_id === r.contact_id;
      if (delivered.some((d) => sameRecord(d) && Number(d.delivered_at) >= Number(r.access_checked_at))) staleEdits.add(r.id);
    }
  }
  for (const r of young) {
    if (r.kind !== 'properties') {
      out.set(r.id, null);
      continue;
    }
    const values = parseValues(r.checked_values);
    if (values && !staleEdits.has(r.id)) out.set(r.id, values);
  }
  return out;
}

/** Records that the worker's own check allowed these writes now (the view stops saying "checking access"). */
export async function recordChecked(db: Db, ids: string[], now: number): Promise<void> {
  if (!ids.length) return;
  // The values read by this check are used in this round only; stale ones from an earlier check go.
  await db.updateTable('write_outbox').set({ access_checked_at: now, checked_values: null }).where('id', 'in', ids).execute();
}
