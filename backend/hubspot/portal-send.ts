import type { HubSpotRequest, HubSpotResponse } from './http';
import { translateHubSpotError, type HubSpotFailure, type HubSpotResult } from './translate';

/**
 * One HubSpot API call on behalf of one portal's install: the caller (the portal client)
 * attaches a fresh access token. The record-access reads (permitted users, contact, users,
 * owners) are written against this so they never handle tokens themselves.
 */
export type PortalSend = (req: Omit<HubSpotRequest, 'accessToken'>) => Promise<HubSpotResult<HubSpotResponse>>;

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
