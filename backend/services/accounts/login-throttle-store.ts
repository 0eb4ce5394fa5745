import { sql } from 'kysely';
import type { Db } from '../../db/schema';

export interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number | null;
  lockouts: number;
  last_success_at: number | null;
}

export async function readThrottle(db: Db, keys: string[]): Promise<Map<string, ThrottleRow>> {
  const rows = await db
    .selectFrom('login_throttle')
    .select(['key', 'failures', 'window_started_at', 'locked_until', 'lockouts', 'last_success_at'])
    .where('key', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.key, r]));
}

/**
 * Counts one attempt atomically (one upsert, no read-modify-write race between instances).
 * A window older than `windowMs` restarts at 1; the lockout count (which lengthens the next
 * cool-down) is forgotten once the key has been quiet for `decayMs`. Returns the new counts.
 */
export async function addFailure(db: Db, key: string, now: number, windowMs: number, decayMs: number) {
  const stale = sql<boolean>`login_throttle.window_started_at <= ${now - windowMs}`;
  const calm = sql<boolean>`coalesce(login_throttle.locked_until, 0) <= ${now - decayMs}`;
  // While a cool-down runs, attempts are refused and not counted (they would stretch it forever).
  const locked = sql<boolean>`coalesce(login_throttle.locked_until, 0) > ${now}`;
  return db
    .insertInto('login_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: null, lockouts: 0, last_success_at: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${locked} then login_throttle.failures when ${stale} then 1 else login_throttle.failures + 1 end`,
        window_started_at: sql<number>`case when ${locked} then login_throttle.window_started_at when ${stale} then ${now} else login_throttle.window_started_at end`,
        lockouts: sql<number>`case when ${stale} and ${calm} then 0 else login_throttle.lockouts end`,
        updated_at: now,
      }),
    )
    .returning(['failures', 'lockouts', 'locked_until'])
    .executeTakeFirstOrThrow();
}

/**
 * Starts a cool-down if the key is still over its limit (of several concurrent requests that
 * crossed it, only the first one locks; the others find failures already reset).
 */
export async function lockKey(db: Db, key: string, limit: number, now: number, until: number): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ locked_until: until, lockouts: eb('lockouts', '+', 1), failures: 0, window_started_at: now, updated_at: now }))
    .where('key', '=', key)
    .where('failures', '>=', limit)
    .execute();
}

/** A correct password from this address for this account: forget its failures, remember the address. */
export async function recordPairSuccess(db: Db, key: string, now: number): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({ key, failures: 0, window_started_at: now, locked_until: null, lockouts: 0, last_success_at: now, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 0, locked_until: null, lockouts: 0, last_success_at: now, updated_at: now }))
    .execute();
}

/** Takes back one counted attempt (a success must not use up an address's budget). */
export async function forgetOneAttempt(db: Db, key: string, now: number): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1), updated_at: now }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

/** Resets the account-wide failure count (any running cool-down stays: it is short and capped). */
export async function resetFailures(db: Db, key: string, now: number): Promise<void> {
  await db.updateTable('login_throttle').set({ failures: 0, updated_at: now }).where('key', '=', key).execute();
}

export async function pruneThrottle(db: Db, olderThan: number): Promise<void> {
  await db.deleteFrom('login_throttle').where('updated_at', '<', olderThan).execute();
}
