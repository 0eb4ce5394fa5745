import type { WriteKind } from '../../lib/contract/api/writes';
import { deliveries, hubspotOperationDuration, hubspotOperations, tokenRefreshes } from './registry';

/**
 * What other services call to count their events, so they never touch prom-client themselves.
 * Every function is cheap, synchronous and never throws: counting must not break the work
 * being counted. Labels are closed sets, never ids or free text (cardinality, and no secrets).
 */

export type DeliveryResult = 'done' | 'failed' | 'retry' | 'rate_limited' | 'needs_reconnect' | 'released';
export type DeliveryKind = WriteKind;
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
   * One call through the HubSpot gateway (backend/hubspot/gateway.ts). `operation` is a closed
   * name (`contacts.batch_read`) or a path with its ids blanked out, never a raw URL. The HTTP
   * requests themselves are counted by hubspot-calls.ts.
   */
  hubspotOperation(operation: string, outcome: string, seconds: number): void {
    hubspotOperations.inc({ operation, outcome });
    hubspotOperationDuration.observe({ operation }, seconds);
  },
};
