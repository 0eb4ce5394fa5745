import type { HubSpotErrorDetails, HubSpotFailure } from './translate';

/**
 * Failures the gateway makes itself, for a request that never reached HubSpot: the portal's
 * budget is spent for longer than the caller waits, the caller stopped while waiting for a slot,
 * or `beforeSend` said no (the delivery worker lost its lease). `notSent` tells callers that
 * HubSpot cannot have done anything, so nothing needs reconciling.
 */

export type NotSentReason = 'budget' | 'aborted' | 'lease_lost';
export type GatewayFailure = HubSpotFailure & { error: { details: HubSpotErrorDetails & { notSent: NotSentReason } } };

const base = { httpStatus: null, category: null, correlationId: null, hubspotMessage: null, adminAction: null } as const;

/** The portal's budget is spent for longer than the caller can wait: say when to try again. */
export function budgetSpent(retryAt: number, now: number): GatewayFailure {
  const retryAfterSeconds = Math.min(3600, Math.max(1, Math.ceil((retryAt - now) / 1000)));
  return {
    ok: false,
    error: {
      code: 'rate_limited',
      message: `Portside is pacing its calls to HubSpot for this portal (HubSpot's rate limit is in use); try again in ${retryAfterSeconds} s.`,
      details: { ...base, kind: 'rate_limited', retryable: true, retryAfterSeconds, notSent: 'budget' },
    },
  };
}

export function notSent(reason: 'aborted' | 'lease_lost'): GatewayFailure {
  const message = reason === 'aborted' ? 'Stopped before the request was sent to HubSpot.' : 'This instance no longer holds the work, so the request was not sent.';
  return { ok: false, error: { code: 'hubspot_unavailable', message, details: { ...base, kind: 'unavailable', retryable: true, notSent: reason } } };
}

export function notSentReason(details: unknown): NotSentReason | null {
  const r = (details as { notSent?: unknown } | undefined)?.notSent;
  return r === 'budget' || r === 'aborted' || r === 'lease_lost' ? r : null;
}
