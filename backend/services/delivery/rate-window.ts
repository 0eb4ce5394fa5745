/**
 * The rolling-window arithmetic of the shared rate budget (pure; rate-budget.ts does the locking).
 *
 * HubSpot counts requests per app and portal in a rolling window (110 per 10 s by default). A
 * request is recorded when it starts; HubSpot counts it when it arrives, a little later, so the
 * local window is widened by `marginMs` — a request may start only when fewer than `limit`
 * others started within the last `intervalMs + marginMs`.
 */

export interface WindowLimits {
  limit: number;
  intervalMs: number;
  marginMs: number;
}

export interface Grant {
  granted: number;
  /** When to ask again if nothing (or not everything asked for) was granted. */
  retryAt: number;
}

/** `times` are the recorded starts inside the window, ascending. */
export function grant(times: readonly number[], want: number, now: number, w: WindowLimits): Grant {
  const horizon = w.intervalMs + w.marginMs;
  const live = times.filter((t) => t > now - horizon);
  const free = Math.max(0, w.limit - live.length);
  const granted = Math.min(want, free);
  if (granted >= want) return { granted, retryAt: now };
  // Enough slots open when enough of the oldest requests still counted (the ones just granted
  // included, at `now`) have left the window.
  const idx = Math.max(0, live.length - w.limit + want - 1);
  const leaving = live[idx] ?? now;
  return { granted, retryAt: leaving + horizon + 1 };
}

/**
 * The limit to enforce: the configured one, lowered when HubSpot's headers announce less (another
 * app tier, or a portal-specific limit), never raised above the configuration.
 */
export function effectiveLimits(configured: { limit: number; intervalMs: number; marginMs: number }, observed: { max: number | null; intervalMs: number | null }): WindowLimits {
  const limit = observed.max && observed.max > 0 ? Math.min(configured.limit, observed.max) : configured.limit;
  const intervalMs = observed.intervalMs && observed.intervalMs > 0 ? Math.max(configured.intervalMs, observed.intervalMs) : configured.intervalMs;
  return { limit, intervalMs, marginMs: configured.marginMs };
}

/**
 * Requests HubSpot counted that this budget never granted (another client of the same app, a
 * call that bypassed the budget), from one answer's `X-HubSpot-RateLimit-*` headers.
 *
 * HubSpot's `max - remaining` is what it had counted when *this* request arrived, so it must be
 * compared with what the budget had granted when this request's slot was taken (`knownAtTake`,
 * the slot itself included) — not with the slots recorded by the time the answer is read: under
 * concurrency those include requests started after this one reached HubSpot, which hides every
 * unknown request (the bench's two instances got a 429 that way). Phantoms other answers already
 * added since this slot was taken (`phantomsSinceTake`) cover the same unknown requests, so
 * concurrent answers do not pile up duplicates.
 */
export function unknownRequests(a: { max: number; remaining: number }, knownAtTake: number, phantomsSinceTake: number): number {
  const counted = a.max - a.remaining;
  return Math.max(0, Math.min(a.max, counted - knownAtTake - phantomsSinceTake));
}
