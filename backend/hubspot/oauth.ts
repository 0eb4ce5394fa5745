import { z } from 'zod';
import { ok } from '../../lib/errors';
import type { HubSpotApp } from './app';
import { hubspotHttp, type Fetch } from './http';
import { normaliseScopes } from './scopes';
import { translateHubSpotError, type HubSpotResult } from './translate';

/**
 * HubSpot's OAuth endpoints (v1: form-encoded token grants, token info by path, refresh token
 * revoke). v1 is documented and served by the sandbox; HubSpot plans to retire it in Feb 2027,
 * and this file is the only one to change when moving to /oauth/v3/*.
 * Every answer is checked with zod; a 2xx we cannot read is a failure, never a guess.
 */

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
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

const AccessTokenInfo = z.object({
  hub_id: z.number().int(),
  user: z.string().optional(),
  user_id: z.number().int().optional(),
  hub_domain: z.string().optional(),
  app_id: z.number().int().optional(),
  scopes: z.array(z.string()),
  expires_in: z.number().optional(),
});

export interface TokenInfo {
  hubId: number;
  hubDomain: string | null;
  userEmail: string | null;
  userId: number | null;
  appId: number | null;
  scopes: string[];
}

function unreadable(): ReturnType<typeof translateHubSpotError> {
  const f = translateHubSpotError(200, null);
  return { ...f, error: { ...f.error, code: 'hubspot_error', message: 'HubSpot answered in a shape Portside does not understand.', details: { ...f.error.details, kind: 'unknown', retryable: true } } };
}

async function grant(app: HubSpotApp, form: Record<string, string>, now: () => number, fetchImpl?: Fetch): Promise<HubSpotResult<TokenSet>> {
  const res = await hubspotHttp(app, { method: 'POST', path: '/oauth/v1/token', form: { ...form, client_id: app.clientId, client_secret: app.clientSecret } }, fetchImpl);
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

/** Who installed, into which portal, with which scopes. */
export async function getAccessTokenInfo(app: HubSpotApp, accessToken: string, deps: OAuthDeps = {}): Promise<HubSpotResult<TokenInfo>> {
  const res = await hubspotHttp(app, { method: 'GET', path: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}` }, deps.fetch);
  if (!res.ok) return res;
  const i = AccessTokenInfo.safeParse(res.data.body);
  if (!i.success) return unreadable();
  return ok({
    hubId: i.data.hub_id,
    hubDomain: i.data.hub_domain || null,
    userEmail: i.data.user || null,
    userId: i.data.user_id ?? null,
    appId: i.data.app_id ?? null,
    scopes: normaliseScopes(i.data.scopes),
  });
}

/**
 * Revokes a refresh token (and with it the access tokens minted from it). HubSpot answers 204;
 * a token it no longer knows counts as revoked, so disconnect can finish after an uninstall.
 */
export async function revokeRefreshToken(app: HubSpotApp, refreshToken: string, deps: OAuthDeps = {}): Promise<HubSpotResult<{ alreadyGone: boolean }>> {
  const res = await hubspotHttp(app, { method: 'DELETE', path: `/oauth/v1/refresh-tokens/${encodeURIComponent(refreshToken)}` }, deps.fetch);
  if (res.ok) return ok({ alreadyGone: false });
  const kind = res.error.details.kind;
  if (kind === 'not_found' || kind === 'needs_reconnect') return ok({ alreadyGone: true });
  return res;
}
