import { sql } from 'kysely';
import { WRITE_KINDS } from '../../../lib/contract/api/writes';
import type { Dialect } from '../../db/database';
import { metrics } from '../../metrics/recorder';
import type { Db, OutboxKind, OutboxRow } from '../../db/schema';

/**
 * Claiming outbox rows for delivery, safe with several instances.
 *
 * A row is claimable when it is pending and due, or when it is being delivered under a lease
 * that has expired (its instance died). A claim sets `status = delivering` with this instance's
 * lease. Property edits keep per-record order: one is claimable only when no earlier property
 * edit of the same record (object and id: contact 5 is not deal 5) is still pending or in flight.
 *
 * PostgreSQL: the candidate rows are locked with `FOR UPDATE SKIP LOCKED`, so concurrent claimers
 * take disjoint rows without waiting on each other. SQLite has one writer at a time: the claim is
 * a single `UPDATE … RETURNING` statement, which runs entirely under the database's write lock.
 */

const CANDIDATES = (portalId: string, now: number, limit: number, kind: OutboxKind | null) => sql`
  select o.id from write_outbox o
  where o.portal_id = ${portalId}
    ${kind === null ? sql`` : sql`and o.kind = ${kind}`}
    and ((o.status = 'pending' and o.next_attempt_at <= ${now})
      or (o.status = 'delivering' and o.lease_expires_at < ${now}))
    and (o.kind <> 'properties' or not exists (
      select 1 from write_outbox e
      where e.portal_id = o.portal_id and e.object_type = o.object_type and e.contact_id = o.contact_id and e.kind = 'properties'
        and e.status in ('pending', 'delivering')
        and (e.created_at < o.created_at or (e.created_at = o.created_at and e.id < o.id))))
  order by o.created_at, o.id
  limit ${limit}`;

export interface ClaimOptions {
  portalId: string;
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Only writes of this kind (a round claims each kind up to HubSpot's batch size). */
  kind?: OutboxKind;
}

export async function claim(db: Db, dialect: Dialect, o: ClaimOptions): Promise<OutboxRow[]> {
  const expires = o.now + o.leaseMs;
  const query =
    dialect === 'postgres'
      ? sql<OutboxRow>`
        with c as (${CANDIDATES(o.portalId, o.now, o.limit, o.kind ?? null)} for update of o skip locked)
        update write_outbox w set status = 'delivering', lease_owner = ${o.owner}, lease_expires_at = ${expires},
          attempts = w.attempts + 1, updated_at = ${o.now}
        from c where w.id = c.id
        returning w.*`
      : sql<OutboxRow>`
        update write_outbox set status = 'delivering', lease_owner = ${o.owner}, lease_expires_at = ${expires},
          attempts = attempts + 1, updated_at = ${o.now}
        where id in (${CANDIDATES(o.portalId, o.now, o.limit, o.kind ?? null)})
        returning *`;
  const { rows } = await query.execute(db);
  // RETURNING order is unspecified: restore acceptance order, which batching relies on.
  return rows.map(normalise).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
}

/** SQLite returns integers as numbers already; PostgreSQL's int8 parser does too. Kept for safety. */
function normalise(r: OutboxRow): OutboxRow {
  return { ...r, created_at: Number(r.created_at), next_attempt_at: Number(r.next_attempt_at), attempts: Number(r.attempts), maybe_sent: Number(r.maybe_sent) };
}

/** Portals with work due now (pending and due, or an expired lease). */
export async function duePortals(db: Db, now: number): Promise<{ portalId: string; workspaceId: string }[]> {
  const rows = await db
    .selectFrom('write_outbox')
    .select(['portal_id', 'workspace_id'])
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'delivering'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .execute();
  return rows.map((r) => ({ portalId: r.portal_id, workspaceId: r.workspace_id }));
}

/** The earliest moment pending work becomes due (to sleep until then), or null. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const r = await db
    .selectFrom('write_outbox')
    .select((eb) => [eb.fn.min('next_attempt_at').as('pending'), eb.fn.min('lease_expires_at').as('lease')])
    .where('status', 'in', ['pending', 'delivering'])
    .executeTakeFirst();
  const times = [r?.pending, r?.lease].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length ? Math.min(...times) : null;
}

/** Graceful stop: rows this instance holds go back to pending at once, their attempt not counted. */
export async function releaseAll(db: Db, owner: string, ids: string[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('write_outbox')
    .set((eb) => ({ status: 'pending', lease_owner: null, lease_expires_at: null, next_attempt_at: now, attempts: eb('attempts', '-', 1), updated_at: now }))
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'delivering')
    .returning('kind')
    .execute();
  for (const row of r) metrics.delivery(row.kind, 'released');
  return r.length;
}

/**
 * Per kind, how many of a portal's writes are due and since when (claimable ones, roughly: the
 * per-record order of property edits is left to the claim). The worker uses it to claim a kind
 * only when it fills HubSpot's batch or its oldest write has waited long enough.
 */
export async function dueByKind(db: Db, portalId: string, now: number): Promise<Map<OutboxKind, { n: number; oldest: number; newest: number }>> {
  const rows = await db
    .selectFrom('write_outbox')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n'), eb.fn.min('next_attempt_at').as('oldest'), eb.fn.max('next_attempt_at').as('newest')])
    .where('portal_id', '=', portalId)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'delivering'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .groupBy('kind')
    .execute();
  return new Map(rows.map((r) => [r.kind, { n: Number(r.n), oldest: Number(r.oldest), newest: Number(r.newest) }]));
}

const KINDS: readonly OutboxKind[] = WRITE_KINDS;

/**
 * One delivery round's claim: up to `perKind` writes of each kind (HubSpot's batch size), so a
 * round's calls are one batch per kind, each as full as the backlog allows. A kind short of a
 * batch is left while writes of it are still arriving — until none has come for `fillMs`, or its
 * oldest has waited `maxFillMs` (`heldUntil` says when) — so a burst still being accepted goes out
 * in full batches rather than a partial one per round, and a lone write waits only `fillMs`.
 */
export async function claimRound(
  db: Db,
  dialect: Dialect,
  o: { portalId: string; owner: string; now: number; leaseMs: number; perKind: number; fillMs: number; maxFillMs: number },
): Promise<{ rows: OutboxRow[]; full: boolean; heldUntil: number | null }> {
  const due = await dueByKind(db, o.portalId, o.now);
  const rows: OutboxRow[] = [];
  let full = false;
  let heldUntil: number | null = null;
  for (const kind of KINDS) {
    const d = due.get(kind);
    if (!d) continue;
    if (d.n < o.perKind && o.now - d.newest < o.fillMs && o.now - d.oldest < o.maxFillMs) {
      heldUntil = Math.min(heldUntil ?? Infinity, d.newest + o.fillMs, d.oldest + o.maxFillMs);
      continue;
    }
    const got = await claim(db, dialect, { portalId: o.portalId, owner: o.owner, now: o.now, leaseMs: o.leaseMs, limit: o.perKind, kind });
    rows.push(...got);
    if (got.length >= o.perKind) full = true;
  }
  return { rows, full, heldUntil };
}
