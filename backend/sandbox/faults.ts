import { z } from 'zod';

/**
 * Injected latency and faults, for tests of timeouts, retries and crash-safety. A rule matches
 * a method (optional) and a path pattern where `*` is one path segment and `**` any rest, e.g.
 * `/crm/v3/objects/notes` or `/crm/v3/objects/contacts/*`. Rules apply in insertion order;
 * `times` limits how many requests a rule affects.
 */

export const faultKindSchema = z.enum(['status', 'hang', 'drop', 'accept-then-drop']);
export type FaultKind = z.infer<typeof faultKindSchema>;

export const faultInputSchema = z.object({
  method: z.string().toUpperCase().optional(),
  path: z.string().startsWith('/'),
  kind: faultKindSchema,
  /** For `status`: the HTTP status to answer with (5xx, or 429 without counting). */
  status: z.number().int().min(400).max(599).optional(),
  /** For `status` 429: sent as Retry-After (seconds), as a throttling gateway may, so clients can be held to it. */
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  /** For `hang`: how long to hold the request before dropping the connection; absent = until the client gives up. */
  ms: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().positive().optional(),
});
export type FaultInput = z.infer<typeof faultInputSchema>;

export const latencyInputSchema = z.object({
  method: z.string().toUpperCase().optional(),
  path: z.string().startsWith('/').optional(),
  ms: z.number().int().min(0).max(600_000),
  times: z.number().int().positive().optional(),
});
export type LatencyInput = z.infer<typeof latencyInputSchema>;

interface Matcher {
  method?: string;
  regex: RegExp;
  remaining: number;
}

export interface FaultRule extends FaultInput, Matcher {
  id: number;
}

export interface LatencyRule extends Matcher {
  id: number;
  ms: number;
  path?: string;
}

export function compilePattern(pattern: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((seg) => (seg === '**' ? '.*' : seg === '*' ? '[^/]+' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

function matches(rule: Matcher, method: string, path: string): boolean {
  return rule.remaining > 0 && (!rule.method || rule.method === method) && rule.regex.test(path);
}

export class FaultRegistry {
  globalLatencyMs = 0;
  private faults: FaultRule[] = [];
  private latencies: LatencyRule[] = [];
  private nextId = 1;

  get active(): boolean {
    return this.globalLatencyMs > 0 || this.faults.length > 0 || this.latencies.length > 0;
  }

  addFault(input: FaultInput): FaultRule {
    const rule: FaultRule = { ...input, id: this.nextId++, regex: compilePattern(input.path), remaining: input.times ?? Infinity };
    this.faults.push(rule);
    return rule;
  }

  addLatency(input: LatencyInput): LatencyRule {
    const rule: LatencyRule = {
      id: this.nextId++,
      ms: input.ms,
      regex: compilePattern(input.path ?? '/**'),
      remaining: input.times ?? Infinity,
      ...(input.method ? { method: input.method } : {}),
      ...(input.path ? { path: input.path } : {}),
    };
    this.latencies.push(rule);
    return rule;
  }

  /** Total extra delay for this request (global plus every matching latency rule). */
  latencyFor(method: string, path: string): number {
    let ms = this.globalLatencyMs;
    for (const rule of this.latencies) {
      if (matches(rule, method, path)) {
        rule.remaining--;
        ms += rule.ms;
      }
    }
    return ms;
  }

  /** The first matching fault, consumed once. */
  faultFor(method: string, path: string): FaultRule | undefined {
    const rule = this.faults.find((r) => matches(r, method, path));
    if (rule) rule.remaining--;
    return rule;
  }

  list(): { globalLatencyMs: number; faults: Omit<FaultRule, 'regex'>[]; latencies: Omit<LatencyRule, 'regex'>[] } {
    const strip = <T extends { regex: RegExp }>({ regex: _regex, ...rest }: T) => rest;
    return { globalLatencyMs: this.globalLatencyMs, faults: this.faults.map(strip), latencies: this.latencies.map(strip) };
  }

  remove(id: number): boolean {
    const before = this.faults.length + this.latencies.length;
    this.faults = this.faults.filter((r) => r.id !== id);
    this.latencies = this.latencies.filter((r) => r.id !== id);
    return before !== this.faults.length + this.latencies.length;
  }

  clear(): void {
    this.globalLatencyMs = 0;
    this.faults = [];
    this.latencies = [];
  }
}
