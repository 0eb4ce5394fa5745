import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Db } from '../../db/schema';
import { z } from 'zod';
import { defineCommand, EXIT, line, switchFlag } from '../command';
import { table } from '../output';

/**
 * Deletes rows nothing needs any more. Safe while instances run (each delete is one statement on
 * rows past their use). Run it daily from a timer (docs/operations.md). Never touches failed
 * writes (dead letters wait for an operator) or anything still live. The audit log is kept
 * AUDIT_RETENTION_DAYS (default 365; 0 keeps it forever): older rows are deleted.
 *
 * Delivered writes are kept `--keep-done-days` (default 30) because their idempotency keys live
 * on them: a client that retries a write with the same key after its row is gone makes a new one.
 */
const DAY = 86_400_000;

interface Target<T extends keyof Database> {
  name: string;
  table: T;
  why: string;
  where: (eb: ExpressionBuilder<Database, T>, now: number, keep: Keep) => Expression<SqlBool>;
  /** False skips the target (the audit log when its retention is 0, "forever"). */
  applies?: (keep: Keep) => boolean;
}

/** A target with its queries bound: the loop below then needs no union of table types. */
interface Prunable {
  name: string;
  why: string;
  applies?: (keep: Keep) => boolean;
  count(db: Db, now: number, keep: Keep): Promise<number>;
  remove(db: Db, now: number, keep: Keep): Promise<number>;
}

// Kysely's overloads need a literal table name, so inside this generic the builder is typed for
// any table and narrowed back to T: `table` and `where` come from the same Target<T>, and each
// TARGETS entry is checked against its own table at the call.
function target<T extends keyof Database>(t: Target<T>): Prunable {
  return {
    name: t.name,
    why: t.why,
    ...(t.applies ? { applies: t.applies } : {}),
    async count(db, now, keep) {
      const r = await db
        .selectFrom(t.table as keyof Database)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => t.where(eb as ExpressionBuilder<Database, T>, now, keep))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async remove(db, now, keep) {
      const r = await db.deleteFrom(t.table as keyof Database).where((eb) => t.where(eb as ExpressionBuilder<Database, T>, now, keep)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

interface Keep {
  doneMs: number;
  auditMs: number;
}

const TARGETS: Prunable[] = [
  target({ name: 'sessions', table: 'sessions', why: 'expired, or revoked over a day ago', where: (eb, now) => eb.or([eb('expires_at', '<', now), eb('revoked_at', '<', now - DAY)]) }),
  target({ name: 'invites', table: 'invites', why: 'expired or revoked over 7 days ago', where: (eb, now) => eb.or([eb('expires_at', '<', now - 7 * DAY), eb('revoked_at', '<', now - 7 * DAY)]) }),
  target({ name: 'login throttle', table: 'login_throttle', why: 'untouched for a day', where: (eb, now) => eb.and([eb('updated_at', '<', now - DAY), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])]) }),
  target({ name: 'install tickets', table: 'install_tickets', why: 'expired over a day ago', where: (eb, now) => eb.and([eb('expires_at', '<', now - DAY)]) }),
  target({ name: 'oauth states', table: 'oauth_states', why: 'expired over a day ago', where: (eb, now) => eb.and([eb('expires_at', '<', now - DAY)]) }),
  target({ name: 'rate budget leases', table: 'rate_budget_leases', why: 'older than an hour', where: (eb, now) => eb.and([eb('at', '<', now - 3_600_000)]) }),
  target({ name: 'delivered writes (idempotency keys)', table: 'write_outbox', why: 'delivered longer ago than --keep-done-days', where: (eb, now, keep) => eb.and([eb('status', '=', 'done'), eb('delivered_at', '<', now - keep.doneMs)]) }),
  target({ name: 'audit log', table: 'audit_log', why: 'older than AUDIT_RETENTION_DAYS', where: (eb, now, keep) => eb.and([eb('created_at', '<', now - keep.auditMs)]), applies: (keep) => keep.auditMs > 0 }),
];

export const pruneCommand = defineCommand({
  name: 'prune',
  summary: 'delete expired sessions, invites, tickets, OAuth states, old idempotency keys, audit rows past retention',
  usage: ['[--dry-run]               count only', '[--keep-done-days <n>]    keep delivered writes (and their idempotency keys) this long; default 30, minimum 1'],
  flags: z.strictObject({
    dryRun: switchFlag(),
    keepDoneDays: z.coerce.number().int().min(1).max(3650).default(30),
  }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const now = ctx.now();
    const keep: Keep = { doneMs: f.keepDoneDays * DAY, auditMs: ctx.config.AUDIT_RETENTION_DAYS * DAY };
    const rows: { what: string; rows: number; rule: string }[] = [];
    for (const t of TARGETS) {
      if (t.applies && !t.applies(keep)) {
        rows.push({ what: t.name, rows: 0, rule: 'kept forever (AUDIT_RETENTION_DAYS=0)' });
        continue;
      }
      const n = f.dryRun ? await t.count(db, now, keep) : await t.remove(db, now, keep);
      rows.push({ what: t.name, rows: n, rule: t.why });
    }
    ctx.stdout.write(table(rows, ['what', 'rows', 'rule']));
    line(ctx.stdout, `prune: ${f.dryRun ? 'would delete' : 'deleted'} ${rows.reduce((s, r) => s + r.rows, 0)} row(s)`);
    return EXIT.ok;
  },
});
