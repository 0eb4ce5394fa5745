import type { HubSpotErrorBody } from './error-body';
import type { HubSpotErrorDetails, HubSpotErrorKind } from './translate';

/**
 * The OAuth token endpoints' failures (v1 and 2026-03): RFC 6749 `error`/`error_description`,
 * plus HubSpot's legacy `status`/`message` (BAD_REFRESH_TOKEN, BAD_CLIENT_SECRET, …). Either
 * field alone is enough, since HubSpot documents both and may drop the legacy one.
 * Only the refresh token failure means "reconnect": a client failure is the operator's
 * configuration, a code failure ends that one install attempt; neither is worth retrying.
 */

export interface OAuthClassified {
  message: string;
  details: Partial<HubSpotErrorDetails> & { kind: HubSpotErrorKind };
}

const CLIENT_STATUSES = new Set(['BAD_CLIENT_ID', 'BAD_CLIENT_SECRET']);
const CODE_STATUSES = new Set(['BAD_AUTH_CODE', 'EXPIRED_AUTH_CODE', 'BAD_REDIRECT_URI']);
const REQUEST_ERRORS = new Set(['invalid_request', 'unsupported_grant_type', 'invalid_scope', 'unauthorized_client']);

export function classifyOAuthError(body: HubSpotErrorBody): OAuthClassified | null {
  const text = `${body.message ?? ''} ${body.error_description ?? ''}`;
  const status = body.status ?? '';
  if (status === 'BAD_REFRESH_TOKEN' || (body.error === 'invalid_grant' && /refresh/i.test(text))) {
    return {
      // What HubSpot said, then what it means: HubSpot gives no finer reason than this code.
      message: `HubSpot refused the connection’s refresh token (${body.status ?? body.error}), as it does once the app is uninstalled or its access revoked. An admin must reconnect HubSpot.`,
      details: { kind: 'needs_reconnect', adminAction: 'Reconnect HubSpot from Portside options.' },
    };
  }
  if (CLIENT_STATUSES.has(status) || body.error === 'invalid_client') {
    return {
      message: `HubSpot refused Portside’s app credentials (${status || body.error}).`,
      details: { kind: 'bad_request', adminAction: 'Ask the operator to check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET against the app in HubSpot.' },
    };
  }
  if (CODE_STATUSES.has(status) || body.error === 'invalid_grant') {
    return { message: `HubSpot refused the authorization code (${status || body.error}): it was already used, has expired, or was issued for another redirect URL.`, details: { kind: 'bad_request' } };
  }
  if (status === 'BAD_GRANT_TYPE' || (body.error && REQUEST_ERRORS.has(body.error))) {
    return { message: `HubSpot refused the OAuth request (${status || body.error}).`, details: { kind: 'bad_request' } };
  }
  return null;
}
