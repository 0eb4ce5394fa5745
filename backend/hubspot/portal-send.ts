import type { Failure, Success } from '../../lib/contract/errors';
import type { HubSpotRequest, HubSpotResponse } from './http';
import { translateHubSpotError, type HubSpotErrorKind, type HubSpotFailure } from './translate';

/**
 * One HubSpot API call on behalf of one workspace's install, through the gateway (gateway.ts):
 * it attaches a fresh access token, takes a slot of the portal's rate budget and records the
 * install's health. Every adapter function (contact reads, permitted users, directory, CRM
 * batches) is written against this so none handles tokens, budget or health itself.
 * `operation` names the call for metrics (e.g. `contacts.batch_read`); without it the metric
 * uses the path with its ids blanked out.
 */
export type PortalRequest = Omit<HubSpotRequest, 'accessToken'> & { operation?: string };
export type PortalSend = (req: PortalRequest) => Promise<SendResult<HubSpotResponse>>;

/**
 * A translated HubSpot failure, or the install's own (`portal_not_connected`, `needs_reconnect`),
 * which carries no HubSpot details.
 */
export type SendResult<T> = Success<T> | HubSpotFailure | Failure;

export function failureKind(f: Failure): HubSpotErrorKind | null {
  return (f.error.details as { kind?: HubSpotErrorKind } | undefined)?.kind ?? null;
}

/** A 2xx answer the schema rejects: a failure, never a guess. */
export function unreadableAnswer(what: string): HubSpotFailure {
  const f = translateHubSpotError(200, null);
  return {
    ...f,
    error: { ...f.error, code: 'hubspot_error', message: `HubSpot answered ${what} in a shape Portside does not understand.`, details: { ...f.error.details, kind: 'unknown', retryable: true } },
  };
}

/** HubSpot sends ids as strings in some answers and numbers in others. */
export const idString = (v: string | number) => String(v);
