import type { DbOrTrx } from '../audit/write';
import { addFailure, lockKey, pruneThrottle, readThrottle, recordPairSuccess, resetFailures } from '../store/login-throttle';

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

export async function checkThrottle(db: DbOrTrx, policy: ThrottlePolicy, keys: ThrottleKeys, now: number): Promise<ThrottleVerdict> {
  const rows = await readThrottle(db, [keys.pair, keys.account, keys.ip]);
  const until = (k: string) => rows.get(k)?.locked_until ?? 0;
  const pair = rows.get(keys.pair);
  const knownAddress = pair?.last_success_at != null && pair.last_success_at > now - policy.trustMs;
  const waits = [until(keys.pair) - now, until(keys.ip) - now, knownAddress ? 0 : until(keys.account) - now];
  const wait = Math.max(...waits);
  return wait > 0 ? { blocked: true, retryAfterMs: wait } : { blocked: false };
}

const escalating = (policy: ThrottlePolicy, lockouts: number) => Math.min(policy.lockBaseMs * 2 ** Math.min(lockouts, 20), policy.lockMaxMs);

export async function recordLoginFailure(db: DbOrTrx, policy: ThrottlePolicy, keys: ThrottleKeys, now: number): Promise<void> {
  // Lockout counts are forgotten after a quiet spell as long as the longest cool-down, times four.
  const decayMs = Math.max(policy.windowMs, policy.lockMaxMs) * 4;
  const rules: Array<[string, number, (lockouts: number) => number]> = [
    [keys.pair, policy.maxFailures, (n) => escalating(policy, n)],
    [keys.ip, policy.ipMaxFailures, (n) => escalating(policy, n)],
    [keys.account, policy.accountMaxFailures, () => policy.accountLockMs],
  ];
  for (const [key, limit, delay] of rules) {
    const counts = await addFailure(db, key, now, policy.windowMs, decayMs);
    if (Number(counts.failures) >= limit) await lockKey(db, key, limit, now, now + delay(Number(counts.lockouts)));
  }
  // Occasional housekeeping keeps the table to recently active keys.
  if (Math.random() < 0.01) await pruneThrottle(db, now - policy.trustMs);
}

export async function recordLoginSuccess(db: DbOrTrx, keys: ThrottleKeys, now: number): Promise<void> {
  await recordPairSuccess(db, keys.pair, now);
  await resetFailures(db, keys.account, now);
}
