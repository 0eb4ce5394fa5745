import { deliveries, hubspotCalls, hubspotRateLimited, tokenRefreshes } from './registry';

/**
 * What other services call to count their events, so they never touch prom-client themselves.
 * Every function is cheap, synchronous and never throws: counting must not break the work
 * being counted. Labels are closed sets, never ids or free text (cardinality, and no secrets).
 */

export type DeliveryResult = 'done' | 'failed' | 'retry' | 'rate_limited' | 'needs_reconnect' | 'released';
export type DeliveryKind = 'properties' | 'note' | 'task';
export type RefreshResult = 'ok' | 'failed' | 'revoked' | 'skipped';

export const metrics = {
  /** A write settled by the delivery worker (one call per write, with its outcome). */
  delivery(kind: DeliveryKind, result: DeliveryResult, count = 1): void {
    deliveries.inc({ kind, result }, count);
  },
  /** An access-token refresh attempt by this process (`skipped`: another instance had already refreshed). */
  tokenRefresh(result: RefreshResult): void {
    tokenRefreshes.inc({ result });
  },
  /**
   * A HubSpot call made without `fetch` (the SDK's own HTTP stack). Calls made with `fetch` are
   * counted automatically by hubspot-calls.ts; do not count those twice.
   */
  hubspotCall(endpoint: string, status: number | 'error'): void {
    hubspotCalls.inc({ endpoint, status: String(status) });
    if (status === 429) hubspotRateLimited.inc({ endpoint });
  },
};
