import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { HubSpotApp } from './app';
import { hubspotHttp, type Fetch } from './http';
import { normaliseScopes } from './scopes';
import { translateHubSpotError, type HubSpotResult } from './translate';

/**
 * HubSpot's date-versioned OAuth API (`/oauth/2026-03/*`; v1 is sunset on 16 Feb 2027): token
 * grants and refresh token revoke, all parameters form-encoded in the body so no token is ever
 * in a URL. Token introspection is in oauth-introspect.ts. Errors (RFC 6749 `error` plus the
 * legacy `status`) are classified in oauth-errors.ts.
 * Every answer is checked with zod; a 2xx we cannot read is a failure, never a guess.
 */

const OAUTH = '/oauth/2026-03';

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
  token_use: z.literal('access_token').optional(),
  hub_id: z.number().int().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
  scope: z.string().optional(),
});

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms, computed from `expires_in` at receipt (HubSpot says refresh on this, not on a 401). */
  accessExpiresAt: number;
  hubId: number | null;
  userId: number | null;
  scopes: string[] | null;
}

function unreadable(): ReturnType<typeof translateHubSpotError> {
  const f = translateHubSpotError(200, null);
  return { ...f, error: { ...f.error, code: 'hubspot_error', message: 'HubSpot answered in a shape Portside does not understand.', details: { ...f.error.details, kind: 'unknown', retryable: true } } };
}

async function grant(app: HubSpotApp, form: Record<string, string>, now: () => number, fetchImpl?: Fetch): Promise<HubSpotResult<TokenSet>> {
  const res = await hubspotHttp(app, { method: 'POST', path: `${OAUTH}/token`, form: { ...form, client_id: app.clientId, client_secret: app.clientSecret } }, fetchImpl);
  if (!res.ok) return res;
  const t = TokenAnswer.safeParse(res.data.body);
  if (!t.success) return unreadable();
  return ok({
    accessToken: t.data.access_token,
    refreshToken: t.data.refresh_token,
    accessExpiresAt: now() + t.data.expires_in * 1000,
    hubId: t.data.hub_id ?? null,
    userId: t.data.user_id ?? null,
    scopes: t.data.scopes || t.data.scope ? normaliseScopes(t.data.scopes ?? t.data.scope) : null,
  });
}

export interface OAuthDeps {
  now?: () => number;
  fetch?: Fetch;
}

/** Exchanges an authorization code; HubSpot accepts each code once. */
export function exchangeCode(app: HubSpotApp, code: string, deps: OAuthDeps = {}) {
  return grant(app, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }, deps.now ?? Date.now, deps.fetch);
}

/** Gets a new access token. Whether HubSpot rotates the refresh token is unconfirmed: callers store whatever comes back. */
export function refreshAccessToken(app: HubSpotApp, refreshToken: string, deps: OAuthDeps = {}) {
  return grant(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, deps.now ?? Date.now, deps.fetch);
}

/**
 * Revokes a refresh token. HubSpot answers 200 even for a token it does not know (RFC 7009), and a
 * refusal saying the refresh token is already dead counts as done, so disconnect can finish after
 * an uninstall. Access tokens already minted stay valid until they expire: callers that must stop
 * at once uninstall instead (uninstall.ts).
 */
export async function revokeRefreshToken(app: HubSpotApp, refreshToken: string, deps: OAuthDeps = {}): Promise<HubSpotResult<null>> {
  const res = await hubspotHttp(
    app,
    { method: 'POST', path: `${OAUTH}/token/revoke`, form: { token: refreshToken, token_type_hint: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret } },
    deps.fetch,
  );
  if (res.ok) return ok(null);
  const kind = res.error.details.kind;
  if (kind === 'not_found' || kind === 'needs_reconnect') return ok(null);
  return res;
}
