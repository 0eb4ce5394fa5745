import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Failure, Result } from '../../../lib/contract/errors';
import type { PermissionsAnswer } from './decide';
import { Gatherer } from './gather';

/**
 * Source 1: HubSpot's permitted-users answer per record, shared by every member of the portal
 * (the answer lists all permitted users, so one lookup serves the whole team).
 *
 * Records are keyed by object type and id (`{type}:{id}`): contact 5 and deal 5 are different
 * records. A call asks about one object type only (hubspot/permitted-users.ts says why).
 *
 * - Batching: lookups made in the same event-loop turn are sent together, ≤20 records a call
 *   (HubSpot's limit), so a burst of panels costs a few calls, not one each. With `gatherMs`
 *   (the write path) lookups are gathered over a short quiet window instead (gather.ts), so the
 *   checks of concurrent HTTP requests share calls too.
 * - Coalescing: a lookup for a record already on its way joins that call.
 * - Cache: answers live `ttlMs` (a few seconds: access changes in HubSpot show up quickly);
 *   `fresh` lookups (the write path) skip both the cache and calls already sent.
 * - A portal whose install cannot use the API (missing scope, tier) is remembered for
 *   `unavailableTtlMs` so every view does not pay a failing call; other errors for `errorTtlMs`.
 */

export interface PermittedEntry {
  view: readonly string[];
  edit: readonly string[];
}

/** The install a lookup goes through: answers are cached per workspace and portal, never shared. */
export interface PortalRef {
  workspaceId: string;
  portalId: string;
}

/** One HubSpot call for ≤20 records of one object type in a portal: entry per id, null when HubSpot has no such record. */
export type FetchPermitted = (portal: PortalRef, objectType: CrmObjectTypeId, ids: readonly string[]) => Promise<Result<ReadonlyMap<string, PermittedEntry | null>>>;

export interface PermittedUsersOptions {
  ttlMs?: number;
  maxEntries?: number;
  unavailableTtlMs?: number;
  errorTtlMs?: number;
  /** True for failures that will not go away by retrying (missing scope, tier). */
  isLasting?: (f: Failure) => boolean;
  now?: () => number;
  /** Gather lookups until none joined for this long (0: one event-loop turn). */
  gatherMs?: number;
  /** …but send a batch at most this long after its first lookup. */
  gatherMaxMs?: number;
}

export const MAX_RESOURCES_PER_CALL = 20;

interface Waiter {
  resolve(a: PermissionsAnswer): void;
}

const keyOf = (p: PortalRef) => `${p.workspaceId}|${p.portalId}`;

const defaultLasting = (f: Failure) => f.error.code === 'permission_required' || f.error.code === 'forbidden';

export class PermittedUsersSource {
  private readonly cache = new Map<string, { answer: PermissionsAnswer; expires: number }>();
  private readonly inflight = new Map<string, Promise<PermissionsAnswer>>();
  /** Batch group (portal and object type) → what the batch goes to. */
  private readonly groups = new Map<string, { portal: PortalRef; objectType: CrmObjectTypeId }>();
  private readonly gatherer: Gatherer<Waiter>;
  private readonly portalDown = new Map<string, { why: string; until: number; transient: boolean }>();
  private readonly o: Required<PermittedUsersOptions>;
  /** HubSpot calls made, for tests and metrics. */
  calls = 0;

  constructor(
    private readonly fetchBatch: FetchPermitted,
    opts: PermittedUsersOptions = {},
  ) {
    this.o = {
      ttlMs: opts.ttlMs ?? 5_000,
      maxEntries: opts.maxEntries ?? 50_000,
      unavailableTtlMs: opts.unavailableTtlMs ?? 5 * 60_000,
      errorTtlMs: opts.errorTtlMs ?? 5_000,
      isLasting: opts.isLasting ?? defaultLasting,
      now: opts.now ?? Date.now,
      gatherMs: opts.gatherMs ?? 0,
      gatherMaxMs: opts.gatherMaxMs ?? 200,
    };
    this.gatherer = new Gatherer<Waiter>({ max: MAX_RESOURCES_PER_CALL, quietMs: this.o.gatherMs, maxWaitMs: this.o.gatherMaxMs }, (groupKey, byId) => {
      const group = this.groups.get(groupKey);
      if (group) void this.send(group.portal, group.objectType, [...byId.keys()], byId);
    });
  }

  lookup(portal: PortalRef, objectType: CrmObjectTypeId, id: string, opts: { fresh?: boolean } = {}): Promise<PermissionsAnswer> {
    const now = this.o.now();
    const portalKey = keyOf(portal);
    const down = this.portalDown.get(portalKey);
    if (down && down.until > now && !opts.fresh) return Promise.resolve({ kind: 'unavailable', why: down.why, ...(down.transient ? { transient: true } : {}) });
    const key = `${portalKey}:${objectType}:${id}`;
    if (!opts.fresh) {
      const hit = this.cache.get(key);
      if (hit && hit.expires > now) return Promise.resolve(hit.answer);
      const flying = this.inflight.get(key);
      if (flying) return flying;
    }
    const promise = new Promise<PermissionsAnswer>((resolve) => this.enqueue(portal, objectType, id, { resolve }));
    if (!opts.fresh) {
      this.inflight.set(key, promise);
      void promise.finally(() => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
      });
    }
    return promise;
  }

  /** Drops cached answers (one record, or a whole portal) after Portside itself changed them. */
  invalidate(portal: PortalRef, record?: { objectType: CrmObjectTypeId; id: string }): void {
    const portalKey = keyOf(portal);
    if (record) this.cache.delete(`${portalKey}:${record.objectType}:${record.id}`);
    else for (const k of this.cache.keys()) if (k.startsWith(`${portalKey}:`)) this.cache.delete(k);
    this.portalDown.delete(portalKey);
  }

  private enqueue(portal: PortalRef, objectType: CrmObjectTypeId, id: string, waiter: Waiter): void {
    const groupKey = `${keyOf(portal)}|${objectType}`;
    this.groups.set(groupKey, { portal, objectType });
    this.gatherer.add(groupKey, id, waiter);
  }

  private async send(portal: PortalRef, objectType: CrmObjectTypeId, ids: string[], waiters: Map<string, Waiter[]>): Promise<void> {
    this.calls++;
    const portalKey = keyOf(portal);
    let result: Result<ReadonlyMap<string, PermittedEntry | null>>;
    try {
      result = await this.fetchBatch(portal, objectType, ids);
    } catch (err) {
      // The adapter returns failures as values; a throw is a bug, but it must still deny, not hang.
      result = { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : 'lookup failed' } };
    }
    const now = this.o.now();
    if (!result.ok) {
      const lasting = this.o.isLasting(result);
      const why = result.error.message;
      this.portalDown.set(portalKey, { why, until: now + (lasting ? this.o.unavailableTtlMs : this.o.errorTtlMs), transient: !lasting });
      for (const id of ids) for (const w of waiters.get(id) ?? []) w.resolve({ kind: 'unavailable', why, ...(lasting ? {} : { transient: true }) });
      return;
    }
    this.portalDown.delete(portalKey);
    for (const id of ids) {
      const entry = result.data.get(id);
      // A record missing from both the answer and its errors is unknown, never "allowed".
      const answer: PermissionsAnswer =
        entry === undefined
          ? { kind: 'unavailable', why: 'HubSpot gave no permission answer for this record' }
          : entry === null
            ? { kind: 'not_found' }
            : { kind: 'answer', view: new Set(entry.view), edit: new Set(entry.edit) };
      if (answer.kind !== 'unavailable') this.store(`${portalKey}:${objectType}:${id}`, answer, now);
      for (const w of waiters.get(id) ?? []) w.resolve(answer);
    }
  }

  private store(key: string, answer: PermissionsAnswer, now: number): void {
    this.cache.delete(key);
    this.cache.set(key, { answer, expires: now + this.o.ttlMs });
    // Maps iterate in insertion order, so the first key is the oldest entry.
    while (this.cache.size > this.o.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
