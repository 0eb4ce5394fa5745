/**
 * HubSpot's burst limit for OAuth apps: a rolling window (10 s, 110 requests by default) per
 * app per installing portal. Each key keeps the timestamps of the requests still inside the
 * window in a ring of size `max`, so a check is O(1) amortised and memory stays bounded.
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
  private readonly times: Float64Array;
  private start = 0;
  private size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(1, capacity));
  }

  private at(i: number): number {
    return this.times[(this.start + i) % this.times.length] ?? 0;
  }

  prune(cutoff: number): void {
    while (this.size > 0 && this.at(0) <= cutoff) {
      this.start = (this.start + 1) % this.times.length;
      this.size--;
    }
  }

  get count(): number {
    return this.size;
  }

  push(t: number): void {
    this.times[(this.start + this.size) % this.times.length] = t;
    this.size++;
  }

  /** Requests newer than `cutoff` (times are sorted, so scan from the newest). */
  countSince(cutoff: number): number {
    let n = 0;
    for (let i = this.size - 1; i >= 0 && this.at(i) > cutoff; i--) n++;
    return n;
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
      w = new Window(max);
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
