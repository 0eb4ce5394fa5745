import { fail, type Failure } from '../../../lib/contract/errors';

export const RECONNECT = 'The HubSpot connection for this workspace needs to be reconnected by an admin.';

export const UNAVAILABLE = 'HubSpot is not answering right now, so Portside cannot show or check this record. Try again in a moment.';

/**
 * HubSpot failures reach the client as one of the contract's codes, with HubSpot's guidance.
 * HubSpot being down, slow or throttling is said as such (503 hubspot_unavailable, retryable, with
 * when to retry): the panel shows "try again", never a verdict or data it could not get now.
 */
export function hubspotFailure(f: Failure): Failure {
  if (f.error.code === 'needs_reconnect') return fail('needs_reconnect', RECONNECT);
  // Uninstalled between our install check and the call.
  if (f.error.code === 'portal_not_connected') return f;
  const d = f.error.details as { kind?: string; retryAfterSeconds?: number; httpStatus?: number | null } | undefined;
  if (d?.kind === 'unavailable' || d?.kind === 'rate_limited') {
    return fail('hubspot_unavailable', UNAVAILABLE, { kind: d.kind, httpStatus: d.httpStatus ?? null, retryable: true, retryAfterSeconds: d.retryAfterSeconds ?? 5 });
  }
  return fail('hubspot_error', f.error.message);
}
