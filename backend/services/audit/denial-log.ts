/**
 * Which denials get an audit row, so a member cannot flood the audit log (views of made-up
 * contact ids, writes aimed at another portal, routes they may not use) however they vary the
 * request:
 *
 * - each distinct denial (`key`: what was refused and why) of a member is written once per
 *   `windowMs`; repeats are counted, not written;
 * - at most `capPerMember` rows per member per `capWindowMs`, across all kinds of denial. The
 *   denial that hits the cap gets one summary row instead (the caller writes it), and the rest of
 *   that window is counted, not written;
 * - what was counted and not written is reported on the member's next written denial row
 *   (`suppressedBefore`), so the log says how much was left out.
 *
 * State is in memory and per process: with N instances the bound is N times this, still a bound.
 * Both maps are capped so that many members (or many keys) cannot grow them without limit.
 */
export interface DenialLogOptions {
  windowMs?: number;
  capPerMember?: number;
  capWindowMs?: number;
  maxEntries?: number;
}

export type DenialVerdict =
  | { write: true; suppressedBefore: number }
  | { write: false; summary: { cap: number; capWindowSeconds: number; windowStartedAt: number; suppressed: number } | null };

interface MemberWindow {
  start: number;
  written: number;
  /** Counted and not yet reported on a written row (this window and earlier ones). */
  unreported: number;
  capped: boolean;
}

export const DENIAL_WINDOW_MS = 10 * 60_000;
export const DENIAL_CAP_PER_MEMBER = 100;
export const DENIAL_CAP_WINDOW_MS = 60 * 60_000;

export class DenialLog {
  private readonly seen = new Map<string, number>();
  private readonly members = new Map<string, MemberWindow>();
  readonly windowMs: number;
  readonly capPerMember: number;
  readonly capWindowMs: number;
  private readonly maxEntries: number;

  constructor(opts: DenialLogOptions = {}) {
    this.windowMs = opts.windowMs ?? DENIAL_WINDOW_MS;
    this.capPerMember = opts.capPerMember ?? DENIAL_CAP_PER_MEMBER;
    this.capWindowMs = opts.capWindowMs ?? DENIAL_CAP_WINDOW_MS;
    this.maxEntries = opts.maxEntries ?? 50_000;
  }

  /** Whether `member`'s denial `key` gets a row now (and records the decision). */
  admit(member: string, key: string, now: number): DenialVerdict {
    const w = this.window(member, now);
    const fullKey = `${member}|${key}`;
    const last = this.seen.get(fullKey);
    if (last !== undefined && now - last < this.windowMs) return this.suppress(w, false);
    if (w.written >= this.capPerMember) return this.suppress(w, true);
    w.written++;
    this.remember(this.seen, fullKey, now);
    const suppressedBefore = w.unreported;
    w.unreported = 0;
    return { write: true, suppressedBefore };
  }

  /** Keyed de-duplication only (no member cap): for the unauthenticated log lines, which are not rows. */
  shouldAudit(key: string, now: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.remember(this.seen, key, now);
    return true;
  }

  private suppress(w: MemberWindow, capHit: boolean): DenialVerdict {
    w.unreported++;
    if (!capHit || w.capped) return { write: false, summary: null };
    w.capped = true;
    // The summary row reports what was left out so far (this denial included); it is itself the report.
    const summary = { cap: this.capPerMember, capWindowSeconds: this.capWindowMs / 1000, windowStartedAt: w.start, suppressed: w.unreported };
    w.unreported = 0;
    return { write: false, summary };
  }

  private window(member: string, now: number): MemberWindow {
    const w = this.members.get(member);
    if (w && now - w.start < this.capWindowMs) return w;
    const next: MemberWindow = { start: now, written: 0, unreported: w?.unreported ?? 0, capped: false };
    this.remember(this.members, member, next);
    return next;
  }

  /** Insert as newest; forget the oldest entries past `maxEntries`. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}

/**
 * One DenialLog per database handle (per process): every path that records a member's denial
 * in that database counts against the same cap, and a path added later gets it by calling
 * `recordDenial` (services/audit/record-denial.ts) with nothing to wire.
 */
const perDatabase = new WeakMap<object, DenialLog>();

export function denialLogFor(db: object, opts?: DenialLogOptions): DenialLog {
  let log = perDatabase.get(db);
  if (!log) {
    log = new DenialLog(opts);
    perDatabase.set(db, log);
  }
  return log;
}
