/**
 * Retry timing. Exponential backoff with full jitter (AWS's "Exponential Backoff and Jitter"):
 * the delay is uniform in [0, min(cap, base·2^attempt)], which spreads retries from many writes
 * and instances instead of having them return in lockstep. A server's Retry-After is a floor:
 * retrying earlier would only earn another 429.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** `attempt` counts from 1 (the first retry after one failure). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random, retryAfterMs?: number | null): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const jittered = Math.floor(random() * exp);
  return retryAfterMs && retryAfterMs > 0 ? Math.max(retryAfterMs, jittered) : jittered;
}

/** Retry-After is seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}
