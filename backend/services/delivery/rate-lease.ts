import type { Observation, SlotSpan, WindowLimits } from './rate-window';

/**
 * This instance's share of one portal's budget, in memory (rate-budget.ts explains the design):
 * the open lease slots are handed out from, this instance's recent requests, the rate-header
 * readings waiting for the next lease transaction, and the room HubSpot last said it had.
 */

export interface Lease {
  id: string;
  slots: number;
  /** Lowered by a 429: nothing more is handed out. */
  cap: number;
  handed: number;
  inflight: number;
  grantedAt: number;
  useBy: number;
  /** Each slot handed out: from its start until its answer (unbounded while in flight). */
  spans: SlotSpan[];
  closed: boolean;
}

export interface Slot {
  lease: Lease;
  span: SlotSpan;
}

interface Latest {
  remaining: number;
  span: SlotSpan;
  done: number;
}

const MAX_READINGS = 256;
/** A generous window (HubSpot's are 10 s): slots in flight longer than two of these were lost. */
const RECENT_MS = 60_000;

export class PortalSlots {
  lease: Lease | null = null;
  acquiring: Promise<{ ok: true } | { ok: false; retryAt: number }> | null = null;
  waiting = 0;
  blockedUntil = 0;
  observedMax: number | null = null;
  observedIntervalMs: number | null = null;
  private readings: Observation[] = [];
  private latest: Latest | null = null;
  /** This instance's requests of the last windows, open leases or not. */
  private recent: SlotSpan[] = [];
  private open: Lease[] = [];
  /** Slots handed out and not settled yet, in the order they were handed out. */
  private readonly inFlight = new Map<string, Slot>();

  /** A slot of the open lease (its id), if it has one left. */
  handOut(now: number, n: number): string | null {
    const l = this.lease;
    if (!l || l.closed || now >= l.useBy || l.handed >= Math.min(l.slots, l.cap)) return null;
    l.handed++;
    l.inflight++;
    const span = { from: now, until: Number.POSITIVE_INFINITY };
    l.spans.push(span);
    this.recent.push(span);
    // A slot never settled (a caller that threw) is forgotten after two windows, oldest first.
    for (const [id, s] of this.inFlight) {
      if (s.span.from >= now - 2 * RECENT_MS) break;
      this.inFlight.delete(id);
    }
    const id = `${l.id}:${n}`;
    this.inFlight.set(id, { lease: l, span });
    return id;
  }

  /** The slot an answer is for (undefined: unknown, or settled already). */
  settled(id: string): Slot | undefined {
    const s = this.inFlight.get(id);
    this.inFlight.delete(id);
    return s;
  }

  /** The lease slots are handed out from now on. */
  adopt(l: Lease): void {
    this.lease = l;
    this.open.push(l);
  }

  /**
   * A lease with nothing in flight that will hand out nothing more: ready to be closed. The open
   * lease, merely spent, is closed by the transaction that replaces it (one commit, not two).
   */
  closable(l: Lease, now: number, replacing = false): boolean {
    return !l.closed && l.inflight === 0 && (replacing || l !== this.lease || now >= l.useBy);
  }

  /**
   * This instance's leases not closed yet, slot by slot, for reading answers against. A lease
   * whose slot was never settled (a caller that threw) stays open; after two windows its row no
   * longer counts anywhere, so it is forgotten here too.
   */
  own(now: number, horizon: number): { ids: Set<string>; spans: SlotSpan[] } {
    this.open = this.open.filter((l) => !l.closed && l.grantedAt > now - 2 * horizon);
    return { ids: new Set(this.open.map((l) => l.id)), spans: this.open.flatMap((l) => l.spans) };
  }

  /** An answer's reading, kept for the next lease transaction and for `room`. */
  read(slot: Slot, counted: number, remaining: number, now: number, w: WindowLimits): void {
    const horizon = w.intervalMs + w.marginMs;
    this.readings.push({ counted, start: slot.span.from, done: now });
    this.readings = this.readings.filter((r) => r.done > now - horizon).slice(-MAX_READINGS);
    // Requests of ours older than two windows no longer matter; one still "in flight" then was lost.
    this.recent = this.recent.filter((s) => s.from > now - 2 * horizon);
    if (!this.latest || now >= this.latest.done) this.latest = { remaining, span: slot.span, done: now };
  }

  /**
   * Readings still in force, for a lease transaction. They are kept (not consumed): the shared
   * estimate holds only the largest, and a smaller one that lasts longer takes over when it expires.
   */
  currentReadings(now: number, horizon: number): Observation[] {
    this.readings = this.readings.filter((r) => r.done > now - horizon);
    return [...this.readings];
  }

  /**
   * When HubSpot has no room for another request of this instance, when to ask again (null: it
   * may have room). From the latest answer: HubSpot had `remaining` when that request arrived;
   * every request of ours answered after it started may have arrived since (the later slot whose
   * request arrived first included), and only ours known to have been counted then and to have
   * left the window since give room back. Other clients' traffic is the external estimate's part.
   */
  roomRetry(now: number, w: WindowLimits): number | null {
    const x = this.latest;
    const horizon = w.intervalMs + w.marginMs;
    if (!x || x.done + horizon <= now) return null;
    let room = x.remaining;
    let next = x.done + horizon;
    for (const s of this.recent) {
      if (s === x.span) continue;
      if (s.until > x.span.from) room--;
      else if (s.from > x.done - w.intervalMs) {
        if (s.until + horizon <= now) room++;
        else next = Math.min(next, s.until + horizon);
      }
    }
    return room > 0 ? null : next + 1;
  }
}
