/**
 * HubSpot's `X-HubSpot-RateLimit-*` answer headers (documented for OAuth apps: `-Max`,
 * `-Remaining`, `-Interval-Milliseconds`; also seen: `-Secondly`, `-Secondly-Remaining`), under
 * short names. Two readers: the per-portal rate budget's (which takes them in its own shape
 * without knowing their names) and `hubspot check`'s report of what was seen.
 */

export const RATE_LIMIT_HEADERS = {
  max: 'x-hubspot-ratelimit-max',
  remaining: 'x-hubspot-ratelimit-remaining',
  intervalMs: 'x-hubspot-ratelimit-interval-milliseconds',
  secondly: 'x-hubspot-ratelimit-secondly',
  secondlyRemaining: 'x-hubspot-ratelimit-secondly-remaining',
} as const;

export type RateLimitName = keyof typeof RATE_LIMIT_HEADERS;
export type RateLimitSeen = Partial<Record<RateLimitName, number>>;

export interface RateHeaders {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
}

/** For the budget: a header that is absent or not a plain number is null (the budget then keeps its own view). */
export function rateHeaders(h: Headers): RateHeaders {
  const num = (name: RateLimitName) => {
    const v = h.get(RATE_LIMIT_HEADERS[name]);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  return { max: num('max'), remaining: num('remaining'), intervalMs: num('intervalMs') };
}

/**
 * For reports: every header seen, as a number. Absent ones are left out: whether HubSpot sends
 * each one on every endpoint is not documented, so callers report what was seen rather than assume.
 */
export function readRateLimitHeaders(headers: { get(name: string): string | null }): RateLimitSeen {
  const out: RateLimitSeen = {};
  for (const [name, header] of Object.entries(RATE_LIMIT_HEADERS) as [RateLimitName, string][]) {
    const raw = headers.get(header);
    const n = raw === null || raw.trim() === '' ? NaN : Number(raw);
    if (Number.isFinite(n)) out[name] = n;
  }
  return out;
}

const PREFIX = 'x-hubspot-ratelimit-';

/** Header names in one short form for reports: `x-hubspot-ratelimit-{max,remaining}`. */
export function formatHeaderNames(names: readonly RateLimitName[]): string {
  const order = Object.keys(RATE_LIMIT_HEADERS) as RateLimitName[];
  const suffixes = order.filter((n) => names.includes(n)).map((n) => RATE_LIMIT_HEADERS[n].slice(PREFIX.length));
  return `${PREFIX}{${suffixes.join(',')}}`;
}

/** HubSpot's id for one request, which its support asks for. */
export const correlationIdOf = (h: Headers): string | null => h.get('x-hubspot-correlation-id');
