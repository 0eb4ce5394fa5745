import type { WriteError } from '../../../lib/contract/api/writes';
import type { PortError } from './ports';

/**
 * What a failed HubSpot call means for the writes in it:
 * - `transient`: 5xx, timeouts, dropped connections — retry with backoff; counts toward the breaker;
 * - `rate_limited`: 429 — pause the portal for Retry-After, then retry; not the breaker's business;
 * - `reconnect`: the install is revoked/expired — wait until an admin reconnects;
 * - `portal`: the app or portal lacks something (scope, tier, user permission) — every write of
 *   the batch fails with the admin's action, retryable once fixed;
 * - `per_write`: the batch was refused because of (some of) its inputs — split the batch to find
 *   which; a single write fails permanently with the reason.
 */

export type Disposition = 'transient' | 'rate_limited' | 'reconnect' | 'portal' | 'per_write' | 'abandon';

export function disposition(e: PortError): Disposition {
  switch (e.code) {
    case 'lease_lost':
      return 'abandon';
    case 'timeout':
    case 'network':
    case 'server_error':
    case 'hubspot_unavailable':
      return 'transient';
    case 'rate_limited':
      return 'rate_limited';
    case 'needs_reconnect':
      return 'reconnect';
    case 'missing_scopes':
    case 'tier':
    case 'user_permission':
      return 'portal';
    case 'access_denied':
    case 'member_disabled':
    case 'not_linked':
    case 'validation_error':
    case 'record_not_found':
    case 'conflict':
    case 'hubspot_error':
      return 'per_write';
  }
}

const TRANSIENT_MESSAGE = 'HubSpot did not answer in time. Portside will keep trying.';

/** The rep-facing error a write carries for this failure. */
export function toWriteError(e: PortError, correlationId: string | null): WriteError {
  const d = disposition(e);
  const code = e.code === 'timeout' || e.code === 'network' || e.code === 'server_error' || e.code === 'lease_lost' ? 'hubspot_unavailable' : e.code;
  return {
    code,
    message: d === 'transient' ? TRANSIENT_MESSAGE : e.message,
    adminAction: e.adminAction,
    // Failures an admin can fix, or HubSpot's own hiccups, are worth a retry later; a write HubSpot
    // refused for its content (a bad value, a deleted record) is not, as is.
    retryable: d !== 'per_write' || e.code === 'hubspot_error' || e.code === 'conflict',
    ...(e.fields?.length ? { fields: e.fields } : {}),
    correlationId,
  };
}

/** Gives up on transient failures after this many attempts (≈ an hour with the default backoff). */
export const MAX_TRANSIENT_ATTEMPTS = 15;
