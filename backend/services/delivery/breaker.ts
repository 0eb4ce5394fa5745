/**
 * Per-portal circuit breaker, as pure transitions over the row every instance shares
 * (`portal_delivery`). After `threshold` consecutive transient failures (5xx, timeouts) the
 * breaker opens: nobody sends to that portal until `open_until`. Then one instance takes a
 * probe (by pushing `open_until` forward while it tries); success closes the breaker, failure
 * re-opens it for longer (doubling, capped). 429s do not count: they pause through Retry-After.
 */

export interface BreakerPolicy {
  threshold: number;
  openMs: number;
  maxOpenMs: number;
  /** How long a half-open probe holds the portal before another instance may probe. */
  probeMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { threshold: 5, openMs: 30_000, maxOpenMs: 10 * 60_000, probeMs: 30_000 };

export interface BreakerState {
  failures: number;
  trips: number;
  openUntil: number;
}

export type BreakerGate = { kind: 'closed' } | { kind: 'open'; until: number } | { kind: 'probe'; state: BreakerState };

/** May this instance send now? A half-open breaker hands out one probe at a time. */
export function gate(s: BreakerState, now: number, p: BreakerPolicy = DEFAULT_BREAKER): BreakerGate {
  if (s.trips === 0 || s.failures < p.threshold) return { kind: 'closed' };
  if (now < s.openUntil) return { kind: 'open', until: s.openUntil };
  return { kind: 'probe', state: { ...s, openUntil: now + p.probeMs } };
}

export function onSuccess(): BreakerState {
  return { failures: 0, trips: 0, openUntil: 0 };
}

export function onFailure(s: BreakerState, now: number, p: BreakerPolicy = DEFAULT_BREAKER): BreakerState {
  const failures = s.failures + 1;
  if (failures < p.threshold) return { ...s, failures };
  const trips = s.trips + 1;
  const openMs = Math.min(p.maxOpenMs, p.openMs * 2 ** Math.min(20, trips - 1));
  return { failures, trips, openUntil: now + openMs };
}
