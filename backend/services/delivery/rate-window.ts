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

/** One lease row of the shared ledger, as the window arithmetic sees it. */
export interface LeaseRow {
  slots: number;
  granted_at: number;
  at: number;
  answers: string | null;
}

/** A request (or reserved slot) HubSpot may have counted at any moment in `[from, until]`. */
export interface SlotSpan {
  from: number;
  until: number;
}

/**
 * A lease's slots: an open lease's all until its end, a closed lease's each until its own answer
 * (HubSpot counted the request before it answered). The window counts a slot until `until`.
 */
export function rowSpans(r: LeaseRow): SlotSpan[] {
  if (r.answers === null) return Array.from({ length: r.slots }, () => ({ from: r.granted_at, until: r.at }));
  return r.answers === '' ? [] : r.answers.split(',').map((d) => ({ from: r.granted_at, until: r.granted_at + Number(d) }));
}

/** One answer's `X-HubSpot-RateLimit-*` reading: HubSpot had counted `counted` when it arrived. */
export interface Observation {
  counted: number;
  /** When the request started (its slot was handed out) and when its answer was read. */
  start: number;
  done: number;
}

/**
 * Requests HubSpot counted when this answer's request arrived that no slot of ours can explain.
 *
 * The request arrived at some moment `a` between its start and its answer; HubSpot's count covers
 * `(a - interval, a]`. A request of ours in that count started before `a` (so before `done`) and
 * was counted after `start - interval - margin`: every span meeting both conditions is an upper
 * bound on our requests in HubSpot's count — whatever order they reached HubSpot in — so the rest
 * is a lower bound on somebody else's traffic, never our own requests counted twice. (The old
 * per-slot bookkeeping compared with the slots known when this one was *taken*: a later slot
 * whose request arrived first came out as an unknown "phantom" request.)
 */
export function externalSeen(o: Observation, spans: readonly SlotSpan[], w: WindowLimits): number {
  const since = o.start - w.intervalMs - w.marginMs;
  const ours = spans.filter((s) => s.from <= o.done && s.until > since).length;
  return Math.max(0, Math.min(w.limit, o.counted - ours));
}

export interface ExternalEstimate {
  count: number;
  /** The estimate no longer applies from this moment (the requests it counts have left HubSpot's window). */
  until: number;
}

/**
 * The portal's external-traffic estimate after new readings: the largest one still in force.
 * Each reading is a lower bound on the same rolling window's traffic, so the largest is the best
 * one and readings are never added up (concurrent answers see the same external requests).
 */
export function mergeExternal(stored: ExternalEstimate, seen: readonly ExternalEstimate[], now: number): ExternalEstimate {
  let best: ExternalEstimate = stored.until > now ? stored : { count: 0, until: 0 };
  for (const e of seen) {
    if (e.until <= now || e.count <= 0) continue;
    if (e.count > best.count || (e.count === best.count && e.until > best.until)) best = e;
  }
  return best;
}

/**
 * How many slots to ask for: enough for the demand seen (twice what the last lease used, at least
 * the callers waiting now), at most a quarter of the limit so another instance is not starved
 * for a window, and at most half of what is free so two instances asking at once share the rest.
 */
export function leaseSize(o: { lastUsed: number; waiting: number; min: number; max: number; free: number }): number {
  const want = Math.min(o.max, Math.max(o.min, o.waiting, 2 * o.lastUsed));
  return Math.max(0, Math.min(want, Math.max(1, Math.ceil(o.free / 2)), o.free));
}
