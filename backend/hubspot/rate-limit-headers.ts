/**
 * HubSpot's `X-HubSpot-RateLimit-*` answer headers (documented for OAuth apps: `-Max`,
 * `-Remaining`, `-Interval-Milliseconds`; also seen: `-Secondly`, `-Secondly-Remaining`), read
 * as numbers under short names. Absent headers are left out: whether HubSpot sends each one on
 * every endpoint is not documented, so callers report what was seen rather than assume.
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
