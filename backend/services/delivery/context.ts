import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { BreakerStore } from './breaker-store';
import { disposition, MAX_TRANSIENT_ATTEMPTS, toWriteError } from './classify';
import { markFailed, markRetry, type Holder } from './outcome';
import type { BeforeValues } from './access-reuse';
import type { AccessPort, HubSpotWrites, PortError } from './ports';
import type { RateBudget } from './rate-budget';
import type { Db, OutboxRow } from '../../db/schema';

/** Everything one delivery round needs, and the shared handling of a failed call. */
export interface DeliveryContext {
  db: Db;
  holder: Holder;
  hubspot: HubSpotWrites;
  access: AccessPort;
  budget: RateBudget;
  breaker: BreakerStore;
  backoff: BackoffPolicy;
  random: () => number;
  log: Logger;
  /** Aborted on graceful stop: nothing new is sent after it fires. */
  signal: AbortSignal;
  portalId: string;
  workspaceId: string;
  /** Rows this round still holds (not yet settled); released on stop. */
  held: Set<string>;
  /** How long a claim lasts without renewal (an instance that dies frees its writes after this). */
  leaseMs: number;
  /** How long an allowing access check serves a delivery (access-reuse.ts); 0 always re-checks. */
  accessReuseMs: number;
  /** Property edits of this round → the contact's values before the edit, as their access check read them. */
  before: Map<string, BeforeValues>;
}

/** Wait before asking again while the install needs an admin to reconnect. */
export const RECONNECT_POLL_MS = 5_000;

/**
 * Applies a failed call's meaning to its writes (except `per_write` with several writes, which the
 * caller splits). Returns what happened so callers can stop a round on portal-wide trouble.
 */
export async function settleFailure(ctx: DeliveryContext, rows: OutboxRow[], e: PortError, correlationId: string | null, opts: { maybeSent: boolean }): Promise<void> {
  const now = ctx.holder.now();
  const error = toWriteError(e, correlationId);
  const done = (row: OutboxRow) => ctx.held.delete(row.id);
  switch (disposition(e)) {
    case 'abandon':
      // Another instance owns these now (or will, once the lease lapses): touch nothing.
      for (const row of rows) done(row);
      return;
    case 'transient': {
      await ctx.breaker.failure(ctx.portalId);
      for (const row of rows) {
        if (row.attempts >= MAX_TRANSIENT_ATTEMPTS) {
          await markFailed(ctx.db, ctx.holder, row, { ...error, message: 'HubSpot kept failing, so Portside stopped trying. Retry later.', retryable: true });
        } else {
          const at = now + backoffDelay(row.attempts, ctx.backoff, ctx.random, e.retryAfterMs);
          await markRetry(ctx.db, ctx.holder, row, { at, reason: 'hubspot_unavailable', error, maybeSent: opts.maybeSent });
        }
        done(row);
      }
      return;
    }
    case 'rate_limited': {
      // HubSpot counted more than this budget allowed (another client of the app, a lower
      // limit): the gateway has already paused the whole portal, for every instance, until
      // Retry-After (backend/hubspot/gateway.ts); the writes wait as long, without penalty.
      const until = now + (e.retryAfterMs ?? ctx.budget.config.intervalMs);
      for (const row of rows) {
        await markRetry(ctx.db, ctx.holder, row, { at: until, reason: 'rate_limited', error, maybeSent: opts.maybeSent, refundAttempt: true });
        done(row);
      }
      return;
    }
    case 'reconnect':
      for (const row of rows) {
        await markRetry(ctx.db, ctx.holder, row, { at: now + RECONNECT_POLL_MS, reason: 'needs_reconnect', error, maybeSent: opts.maybeSent, refundAttempt: true });
        done(row);
      }
      return;
    case 'portal':
    case 'per_write':
      for (const row of rows) {
        await markFailed(ctx.db, ctx.holder, row, error);
        done(row);
      }
      return;
  }
}
