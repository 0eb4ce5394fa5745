import type { Db } from '../db/schema';
import { addFailure, forgetOneAttempt, lockKey, pruneThrottle, readThrottle, recordPairSuccess, resetFailures } from '../services/accounts/login-throttle-store';

/**
 * Sign-in throttling, checked before the KDF so blocked attempts cost one indexed read.
 *
 * Three counters, all in the database so every instance shares them:
 * - pair (email, address): LOGIN_MAX_FAILURES in the window → cool-down that doubles per
 *   repeat up to LOGIN_LOCK_MAX_SECONDS. A correct password resets it.
 * - address: LOGIN_IP_MAX_FAILURES across all emails (password spraying) → the same doubling.
 * - account (email, from every address): LOGIN_ACCOUNT_MAX_FAILURES → a short, fixed cool-down,
 *   which an address that signed in to this account before skips. A distributed attacker can
 *   slow an account down but never lock its owner out of their usual address.
 * Unknown emails are counted exactly like known ones, so the answers reveal nothing.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockBaseMs: number;
  lockMaxMs: number;
  accountMaxFailures: number;
  accountLockMs: number;
  ipMaxFailures: number;
  /** How long a successful address stays "known" for the account cool-down bypass. */
  trustMs: number;
}

export function policyFromConfig(c: {
  LOGIN_MAX_FAILURES: number;
  LOGIN_WINDOW_SECONDS: number;
  LOGIN_LOCK_BASE_SECONDS: number;
  LOGIN_LOCK_MAX_SECONDS: number;
  LOGIN_ACCOUNT_MAX_FAILURES: number;
  LOGIN_ACCOUNT_LOCK_SECONDS: number;
  LOGIN_IP_MAX_FAILURES: number;
}): ThrottlePolicy {
  return {
    maxFailures: c.LOGIN_MAX_FAILURES,
    windowMs: c.LOGIN_WINDOW_SECONDS * 1000,
    lockBaseMs: c.LOGIN_LOCK_BASE_SECONDS * 1000,
    lockMaxMs: c.LOGIN_LOCK_MAX_SECONDS * 1000,
    accountMaxFailures: c.LOGIN_ACCOUNT_MAX_FAILURES,
    accountLockMs: c.LOGIN_ACCOUNT_LOCK_SECONDS * 1000,
    ipMaxFailures: c.LOGIN_IP_MAX_FAILURES,
    trustMs: 30 * 24 * 3600 * 1000,
  };
}

export interface ThrottleKeys {
  pair: string;
  account: string;
  ip: string;
}

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  const addr = addressKey(ip);
  return { pair: `pair:${email}|${addr}`, account: `account:${email}`, ip: `ip:${addr}` };
}

/** IPv6 clients usually own a whole /64, so that is one "address"; IPv4-mapped IPv6 is IPv4. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export type ThrottleVerdict = { blocked: false } | { blocked: true; retryAfterMs: number };

const escalating = (policy: ThrottlePolicy, lockouts: number) => Math.min(policy.lockBaseMs * 2 ** Math.min(lockouts, 20), policy.lockMaxMs);

/**
 * Decides whether this attempt may run the KDF, and counts it *before* the KDF runs. Counting
 * afterwards would let a burst of concurrent guesses all pass the check while the first ones are
 * still hashing; counted first, at most `limit` attempts per window ever reach the KDF.
 * 1. one read: an active cool-down answers at once (the cheap path during a storm);
 * 2. one atomic increment per key: over the limit (a concurrent burst) → blocked; reaching it
 *    exactly → this attempt starts the cool-down and is still allowed to run.
 * A correct password then calls `attemptSucceeded`, which takes the attempt back.
 */
export async function beginAttempt(db: Db, policy: ThrottlePolicy, keys: ThrottleKeys, now: number): Promise<ThrottleVerdict> {
  const rows = await readThrottle(db, [keys.pair, keys.account, keys.ip]);
  const pair = rows.get(keys.pair);
  // An address that signed in to this account recently skips the account-wide cool-down.
  const knownAddress = pair?.last_success_at != null && pair.last_success_at > now - policy.trustMs;
  const until = (k: string) => rows.get(k)?.locked_until ?? 0;
  const wait = Math.max(until(keys.pair) - now, until(keys.ip) - now, knownAddress ? 0 : until(keys.account) - now);
  if (wait > 0) return { blocked: true, retryAfterMs: wait };

  // Lockout counts are forgotten after a quiet spell as long as the longest cool-down, times four.
  const decayMs = Math.max(policy.windowMs, policy.lockMaxMs) * 4;
  const rules: Array<[key: string, limit: number, delay: (lockouts: number) => number, bypass: boolean]> = [
    [keys.pair, policy.maxFailures, (n) => escalating(policy, n), false],
    [keys.ip, policy.ipMaxFailures, (n) => escalating(policy, n), false],
    [keys.account, policy.accountMaxFailures, () => policy.accountLockMs, knownAddress],
  ];
  // One transaction for the three increments: one commit (one fsync on SQLite) per attempt, and
  // the keys are always taken in the same order, so concurrent attempts cannot deadlock.
  const blockedFor = await db.transaction().execute(async (trx) => {
    let longest = 0;
    for (const [key, limit, delay, bypass] of rules) {
      const counts = await addFailure(trx, key, now, policy.windowMs, decayMs);
      const failures = Number(counts.failures);
      const lockedUntil = counts.locked_until === null ? 0 : Number(counts.locked_until);
      if (lockedUntil > now) {
        // Locked by a concurrent attempt after our read: refused (the upsert did not count it).
        if (!bypass) longest = Math.max(longest, lockedUntil - now);
      } else if (failures === limit) {
        // This attempt is the last one allowed: it starts the cool-down and still runs.
        await lockKey(trx, key, limit, now, now + delay(Number(counts.lockouts)));
      } else if (failures > limit && !bypass) {
        longest = Math.max(longest, delay(Number(counts.lockouts)));
      }
    }
    return longest;
  });
  // Occasional housekeeping keeps the table to recently active keys.
  if (Math.random() < 0.01) await pruneThrottle(db, now - policy.trustMs);
  return blockedFor > 0 ? { blocked: true, retryAfterMs: blockedFor } : { blocked: false };
}

/** The password was right: clear this pair and the account count, and give the address its attempt back. */
export async function attemptSucceeded(db: Db, keys: ThrottleKeys, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await recordPairSuccess(trx, keys.pair, now);
    await forgetOneAttempt(trx, keys.ip, now);
    await resetFailures(trx, keys.account, now);
  });
}

/**
 * A plain budget for other unauthenticated requests that run the KDF (creating a workspace):
 * `limit` per window per address, then the escalating cool-down. Without it, sign-up would be a
 * way around the sign-in throttle to keep the KDF busy.
 */
export async function takeBudget(db: Db, policy: ThrottlePolicy, key: string, limit: number, now: number): Promise<ThrottleVerdict> {
  const decayMs = Math.max(policy.windowMs, policy.lockMaxMs) * 4;
  const retryAfterMs = await db.transaction().execute(async (trx) => {
    const counts = await addFailure(trx, key, now, policy.windowMs, decayMs);
    const lockedUntil = counts.locked_until === null ? 0 : Number(counts.locked_until);
    if (lockedUntil > now) return lockedUntil - now;
    if (Number(counts.failures) === limit) await lockKey(trx, key, limit, now, now + escalating(policy, Number(counts.lockouts)));
    else if (Number(counts.failures) > limit) return escalating(policy, Number(counts.lockouts));
    return 0;
  });
  return retryAfterMs > 0 ? { blocked: true, retryAfterMs } : { blocked: false };
}
