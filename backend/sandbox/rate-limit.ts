/**
 * HubSpot's burst limit for OAuth apps: a rolling window (10 s, 110 requests by default) per
 * app per installing portal. Each key keeps the sorted timestamps of the requests still inside
 * the window (at most `max`), so a check is O(log n) and memory stays bounded.
 * Rejected requests do not consume budget.
 */

export interface RateLimitConfig {
  max: number;
  intervalMs: number;
}

export interface RateDecision {
  allowed: boolean;
  max: number;
  remaining: number;
  intervalMs: number;
  secondly: number;
  secondlyRemaining: number;
}

class Window {
  /** Sorted timestamps; entries before `head` have left the window and are dropped in bulk. */
  private times: number[] = [];
  private head = 0;

  prune(cutoff: number): void {
    const t = this.times;
    while (this.head < t.length && (t[this.head] ?? 0) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > t.length) {
      this.times = t.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.times.length - this.head;
  }

  push(t: number): void {
    this.times.push(t);
  }

  /** Requests newer than `cutoff`, by binary search over the sorted timestamps. */
  countSince(cutoff: number): number {
    const t = this.times;
    let lo = this.head;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((t[mid] ?? 0) <= cutoff) lo = mid + 1;
      else hi = mid;
    }
    return t.length - lo;
  }
}

export class RateLimiter {
  private windows = new Map<string, Window>();

  constructor(public config: RateLimitConfig) {}

  /** The headers advertise a per-second figure too; the sandbox only enforces the rolling window. */
  get secondly(): number {
    return Math.max(1, Math.ceil((this.config.max * 1000) / this.config.intervalMs));
  }

  check(key: string, now: number): RateDecision {
    const { max, intervalMs } = this.config;
    let w = this.windows.get(key);
    if (!w) {
      w = new Window();
      this.windows.set(key, w);
    }
    w.prune(now - intervalMs);
    const allowed = w.count < max;
    if (allowed) w.push(now);
    const secondly = this.secondly;
    return {
      allowed,
      max,
      remaining: Math.max(0, max - w.count),
      intervalMs,
      secondly,
      secondlyRemaining: Math.max(0, secondly - w.countSince(now - 1000)),
    };
  }

  reset(config?: RateLimitConfig): void {
    if (config) this.config = config;
    this.windows.clear();
  }
}
