import { formatHeaderNames, readRateLimitHeaders, type RateLimitName, type RateLimitSeen } from '../../hubspot/rate-headers';
import { row, type CheckRow } from './row';
import type { RecordedAnswer } from './setup';

/**
 * What HubSpot said about the rate limit across every answer of this run: which
 * rate-limit headers came (backend/hubspot/rate-limit-headers.ts), the limit per interval, and the lowest remaining count.
 * The delivery worker's per-portal budget assumes 110 requests / 10 s; a different figure here
 * means the budget is wrong for this app.
 */
const ASSUMED = { max: 110, intervalMs: 10_000 };

export function rateLimitRow(answers: readonly RecordedAnswer[]): CheckRow {
  const seen = answers.flatMap((a) => (a.response ? [readRateLimitHeaders(a.response.headers)] : []));
  const names = new Set(seen.flatMap((s) => Object.keys(s) as RateLimitName[]));
  if (names.size === 0) {
    return row('rate-limit headers', 'warn', `none in ${seen.length} answer(s)`, 'HubSpot sent no rate-limit headers: Portside counts its own requests against 110 per 10 s and cannot see other apps of this account.');
  }
  const last = (name: RateLimitName) => [...seen].reverse().find((s) => s[name] !== undefined)?.[name];
  const lowest = Math.min(...seen.flatMap((s: RateLimitSeen) => (s.remaining === undefined ? [] : [s.remaining])));
  const max = last('max');
  const interval = last('intervalMs');
  const parts = [formatHeaderNames([...names]), `max ${max ?? '?'} per ${interval ?? '?'} ms`];
  if (Number.isFinite(lowest)) parts.push(`lowest remaining ${lowest}`);
  const detail = parts.join('; ');
  if (max !== undefined && interval !== undefined && (max !== ASSUMED.max || interval !== ASSUMED.intervalMs)) {
    return row('rate-limit headers', 'warn', detail, `HubSpot's limit differs from the ${ASSUMED.max} per ${ASSUMED.intervalMs / 1000} s Portside budgets for: its headers correct the budget as calls are made.`);
  }
  return row('rate-limit headers', 'ok', detail, 'HubSpot reports its limit; the delivery budget follows these headers.');
}
