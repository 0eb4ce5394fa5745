import { DEFAULT_BREAKER, gate, onFailure, onSuccess, type BreakerGate, type BreakerPolicy, type BreakerState } from './breaker';
import type { RateBudget } from './rate-budget';

/**
 * The breaker's state lives on the portal's `portal_delivery` row, changed under the same lock
 * as the rate budget, so every instance sees one breaker per portal.
 */
export class BreakerStore {
  constructor(
    private readonly budget: RateBudget,
    readonly policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  /** Closed, open until a time, or a probe this caller now holds (others see it open). */
  async enter(portalId: string): Promise<BreakerGate> {
    return this.budget.withPortalLock(portalId, async (trx) => {
      const row = await trx
        .selectFrom('portal_delivery')
        .select(['breaker_failures', 'breaker_trips', 'breaker_open_until'])
        .where('portal_id', '=', portalId)
        .executeTakeFirstOrThrow();
      const state: BreakerState = { failures: row.breaker_failures, trips: row.breaker_trips, openUntil: row.breaker_open_until };
      const g = gate(state, this.now(), this.policy);
      if (g.kind === 'probe') {
        await trx.updateTable('portal_delivery').set({ breaker_open_until: g.state.openUntil }).where('portal_id', '=', portalId).execute();
      }
      return g;
    });
  }

  async success(portalId: string): Promise<void> {
    const s = onSuccess();
    await this.budget.withPortalLock(portalId, (trx) =>
      trx
        .updateTable('portal_delivery')
        .set({ breaker_failures: s.failures, breaker_trips: s.trips, breaker_open_until: s.openUntil })
        .where('portal_id', '=', portalId)
        .where('breaker_failures', '>', 0)
        .execute(),
    );
  }

  /** Counts a transient failure; returns the new state (open when it tripped). */
  async failure(portalId: string): Promise<BreakerState> {
    return this.budget.withPortalLock(portalId, async (trx) => {
      const row = await trx
        .selectFrom('portal_delivery')
        .select(['breaker_failures', 'breaker_trips', 'breaker_open_until'])
        .where('portal_id', '=', portalId)
        .executeTakeFirstOrThrow();
      const next = onFailure({ failures: row.breaker_failures, trips: row.breaker_trips, openUntil: row.breaker_open_until }, this.now(), this.policy);
      await trx
        .updateTable('portal_delivery')
        .set({ breaker_failures: next.failures, breaker_trips: next.trips, breaker_open_until: next.openUntil })
        .where('portal_id', '=', portalId)
        .execute();
      return next;
    });
  }
}
