import type { RequestLogEntry } from '../../../backend/sandbox/state';

/** The most requests that arrived within any `intervalMs` (a sliding window over arrival times). */
export function peakInWindow(entries: readonly RequestLogEntry[], intervalMs: number): number {
  const times = entries.map((e) => Date.parse(e.time)).sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= intervalMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** Every secret the processes must never have logged, checked against every log line. */
export function leakedSecrets(lines: readonly string[], secrets: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [what, value] of secrets) if (value.length >= 8 && lines.some((l) => l.includes(value))) found.push(what);
  return found;
}
