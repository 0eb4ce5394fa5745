import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Dialect } from '../../db/database';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { DEFAULT_BREAKER, type BreakerPolicy } from './breaker';
import { BreakerStore } from './breaker-store';
import { ACCESS_REUSE_MS } from './access-reuse';
import { claim, claimRound, duePortals, nextDueAt, releaseAll } from './claim';
import { RECONNECT_POLL_MS, type DeliveryContext } from './context';
import { BATCH_LIMIT, deliverRound } from './deliver';
import { renewLeases } from './outcome';
import type { AccessPort, HubSpotWrites, InstallPort } from './ports';
import { DEFAULT_RATE_BUDGET, RateBudget, type RateBudgetConfig } from './rate-budget';
import { LEASE_MS } from './send';
import type { Db, OutboxRow } from '../../db/schema';

/**
 * The delivery worker: one per backend process. It loops over portals with due writes, claims a
 * round (up to three batches' worth), and delivers it. Several processes on one database share
 * the work through claims and leases; a process that dies leaves leases that expire.
 *
 * `stop()` is graceful: nothing new is claimed or sent, requests already on the wire finish and
 * are recorded, and writes not yet sent are released for another instance (or the next start).
 */

export interface WorkerOptions {
  db: Db;
  dialect: Dialect;
  hubspot: HubSpotWrites;
  access: AccessPort;
  install: InstallPort;
  log: Logger;
  budget?: RateBudget;
  rateBudget?: RateBudgetConfig;
  breaker?: BreakerPolicy;
  backoff?: BackoffPolicy;
  /** Longest sleep between looks at the outbox (other instances' writes are seen this way). */
  pollMs?: number;
  /** Pause after being woken, so a burst of accepted writes is claimed together. */
  gatherMs?: number;
  /** Writes of each kind claimed per round (default HubSpot's batch size, 100). */
  claimPerKind?: number;
  /**
   * A kind with fewer than a batch's worth due waits while writes of it keep arriving: until none
   * has come for `fillMs` (default 300 ms) or its oldest has waited `maxFillMs` (default 2 s), so
   * a burst being accepted goes out in full batches, not a partial one per round (claim.ts).
   */
  fillMs?: number;
  maxFillMs?: number;
  leaseMs?: number;
  /** See DeliveryContext.accessReuseMs; default ACCESS_REUSE_MS. */
  accessReuseMs?: number;
  random?: () => number;
  now?: () => number;
}

export class DeliveryWorker {
  readonly owner = `worker-${randomUUID()}`;
  readonly budget: RateBudget;
  private readonly breaker: BreakerStore;
  private readonly o: Required<Omit<WorkerOptions, 'budget' | 'rateBudget' | 'breaker'>>;
  private readonly stopCtl = new AbortController();
  private readonly held = new Set<string>();
  private readonly busy = new Set<string>();
  /**
   * Claims this instance could not hand back because the database was unreachable (a restart
   * mid-round): released as soon as it answers again, instead of waiting a whole lease for them.
   */
  private readonly stranded = new Set<string>();
  private wake: (() => void) | null = null;
  /** The earliest moment a kind held back to fill its batch becomes due anyway (this pass). */
  private heldUntil: number | null = null;
  private loop: Promise<void> | null = null;

  constructor(opts: WorkerOptions) {
    const now = opts.now ?? Date.now;
    this.budget = opts.budget ?? new RateBudget(opts.db, opts.rateBudget ?? DEFAULT_RATE_BUDGET, now);
    this.breaker = new BreakerStore(this.budget, opts.breaker ?? DEFAULT_BREAKER, now);
    this.o = {
      db: opts.db,
      dialect: opts.dialect,
      hubspot: opts.hubspot,
      access: opts.access,
      install: opts.install,
      log: opts.log,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      pollMs: opts.pollMs ?? 1_000,
      gatherMs: opts.gatherMs ?? 50,
      claimPerKind: opts.claimPerKind ?? BATCH_LIMIT,
      fillMs: opts.fillMs ?? 300,
      maxFillMs: opts.maxFillMs ?? 2_000,
      leaseMs: opts.leaseMs ?? LEASE_MS,
      accessReuseMs: opts.accessReuseMs ?? ACCESS_REUSE_MS,
      random: opts.random ?? Math.random,
      now,
    };
  }

  get stopping(): boolean {
    return this.stopCtl.signal.aborted;
  }

  /** A write was just accepted in this process: look now instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let more = false;
      try {
        more = await this.runOnce();
      } catch (err) {
        this.o.log.error({ err: { message: (err as Error).message } }, 'delivery.pass_failed');
      }
      if (this.stopping) break;
      if (!more) await this.idle();
    }
  }

  private async idle(): Promise<void> {
    let next = await nextDueAt(this.o.db).catch(() => null);
    // Due writes held back to fill a batch: sleep until they are ripe, not a busy 10 ms loop.
    if (this.heldUntil !== null && next !== null && next <= this.o.now()) next = this.heldUntil;
    const wait = Math.max(10, Math.min(this.o.pollMs, next === null ? this.o.pollMs : next - this.o.now()));
    const signal = this.stopCtl.signal;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, wait);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      this.wake = () => setTimeout(done, this.o.gatherMs);
      signal.addEventListener('abort', done, { once: true });
    });
    this.wake = null;
  }

  /** One pass over every portal with due work; true when a portal had more than one round's worth. */
  async runOnce(): Promise<boolean> {
    if (this.stranded.size) await this.releaseStranded();
    this.heldUntil = null;
    const portals = (await duePortals(this.o.db, this.o.now())).filter((p) => !this.busy.has(p.portalId));
    const results = await Promise.all(portals.map((p) => this.portalRound(p.portalId, p.workspaceId)));
    return results.some(Boolean);
  }

  private async portalRound(portalId: string, workspaceId: string): Promise<boolean> {
    this.busy.add(portalId);
    try {
      const now = this.o.now();
      const install = await this.o.install.state(workspaceId);
      if (install !== 'connected') {
        await this.postpone(portalId, now + RECONNECT_POLL_MS, 'needs_reconnect');
        return false;
      }
      const gate = await this.breaker.enter(portalId);
      if (gate.kind === 'open') {
        await this.postpone(portalId, gate.until, 'hubspot_unavailable');
        return false;
      }
      // A half-open breaker lets one write through as the probe.
      const round = gate.kind === 'probe' ? { rows: await claim(this.o.db, this.o.dialect, { portalId, owner: this.owner, now, leaseMs: this.o.leaseMs, limit: 1 }), full: false } : await this.claimKinds(portalId, now);
      const rows = round.rows;
      if (!rows.length) return false;
      const ctx: DeliveryContext = {
        db: this.o.db,
        holder: { owner: this.owner, now: this.o.now },
        hubspot: this.o.hubspot,
        access: this.o.access,
        budget: this.budget,
        breaker: this.breaker,
        backoff: this.o.backoff,
        random: this.o.random,
        log: this.o.log,
        signal: this.stopCtl.signal,
        portalId,
        workspaceId,
        held: this.held,
        leaseMs: this.o.leaseMs,
        accessReuseMs: this.o.accessReuseMs,
        before: new Map(),
      };
      // Heartbeat: while this process lives, its claims stay its own even if a request runs long;
      // a process that dies stops renewing, and its writes free up one lease later.
      const heartbeat = setInterval(() => {
        const mine = rows.map((r) => r.id).filter((id) => this.held.has(id));
        renewLeases(this.o.db, ctx.holder, mine, this.o.leaseMs).catch(() => {});
      }, Math.max(50, Math.floor(this.o.leaseMs / 3)));
      try {
        await deliverRound(ctx, rows);
      } finally {
        clearInterval(heartbeat);
        // Anything not settled (stop arrived, or an unexpected error) goes back for another try.
        const left = rows.map((r) => r.id).filter((id) => this.held.has(id));
        for (const id of left) this.held.delete(id);
        if (left.length) {
          await releaseAll(this.o.db, this.owner, left, this.o.now()).catch((err: unknown) => {
            for (const id of left) this.stranded.add(id);
            this.o.log.warn({ writes: left.length, err: { message: (err as Error).message } }, 'delivery.release_deferred');
          });
        }
      }
      return round.full && gate.kind === 'closed';
    } finally {
      this.busy.delete(portalId);
    }
  }

  private async claimKinds(portalId: string, now: number): Promise<{ rows: OutboxRow[]; full: boolean }> {
    const r = await claimRound(this.o.db, this.o.dialect, { portalId, owner: this.owner, now, leaseMs: this.o.leaseMs, perKind: this.o.claimPerKind, fillMs: this.o.fillMs, maxFillMs: this.o.maxFillMs });
    if (r.heldUntil !== null) this.heldUntil = Math.min(this.heldUntil ?? Infinity, r.heldUntil);
    return r;
  }

  /** Hands stranded claims back (guarded by owner and status: a write settled meanwhile is left alone). */
  private async releaseStranded(): Promise<void> {
    const ids = [...this.stranded];
    await releaseAll(this.o.db, this.owner, ids, this.o.now());
    for (const id of ids) this.stranded.delete(id);
    this.o.log.info({ writes: ids.length }, 'delivery.released_stranded');
  }

  /** Due pending writes of a portal that cannot be sent now wait, saying why. */
  private async postpone(portalId: string, until: number, reason: string): Promise<void> {
    await this.o.db
      .updateTable('write_outbox')
      .set({ next_attempt_at: until, wait_reason: reason, updated_at: this.o.now() })
      .where('portal_id', '=', portalId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<', until)
      .execute();
  }

  /** Graceful stop; resolves when in-flight rounds have finished or released their writes. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopCtl.abort(new Error('delivery worker stopping'));
    const loop = this.loop;
    if (!loop) return;
    await Promise.race([loop, new Promise((r) => setTimeout(r, graceMs).unref())]);
    const mine = [...this.held, ...this.stranded];
    if (mine.length) await releaseAll(this.o.db, this.owner, mine, this.o.now());
    this.held.clear();
    this.stranded.clear();
  }
}
