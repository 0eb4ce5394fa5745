import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { HubSpotApp } from './app';
import { hubspotHttp, type Fetch } from './http';
import { normaliseScopes } from './scopes';
import { translateHubSpotError, type HubSpotResult } from './translate';

/**
 * `POST /oauth/2026-03/token/introspect` (replaces v1's token-in-path `GET
 * /oauth/v1/access-tokens/{token}` and `/refresh-tokens/{token}`, sunset 16 Feb 2027). The token
 * and the client credentials travel form-encoded in the body, so no token ever sits in a URL.
 * The spec (PublicAccessTokenInfoResponse / PublicRefreshTokenInfoResponse) lists `active`,
 * `token_use`, `client_id`, `app_id`, `hub_id`, `hub_domain`, `user`, `user_id`, `scopes`,
 * `expires_in` (access only); an unknown or dead token is RFC 7662's bare `{active: false}`.
 * Only what Portside reads is required here; anything else HubSpot adds is ignored.
 */

const Inactive = z.object({ active: z.literal(false) });

const Active = z.object({
  active: z.literal(true),
  token_use: z.enum(['access_token', 'refresh_token']),
  client_id: z.string().optional(),
  app_id: z.number().int().optional(),
  hub_id: z.number().int(),
  hub_domain: z.string().optional(),
  user: z.string().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()),
  expires_in: z.number().optional(),
});

export interface ActiveToken {
  active: true;
  tokenUse: 'access_token' | 'refresh_token';
  hubId: number;
  hubDomain: string | null;
  userEmail: string | null;
  userId: number | null;
  appId: number | null;
  clientId: string | null;
  scopes: string[];
  /** Seconds left (access tokens only). */
  expiresIn: number | null;
}

export type TokenIntrospection = ActiveToken | { active: false };

export interface IntrospectDeps {
  fetch?: Fetch;
}

function unreadable() {
  const f = translateHubSpotError(200, null);
  return { ...f, error: { ...f.error, code: 'hubspot_error' as const, message: 'HubSpot answered the token introspection in a shape Portside does not understand.', details: { ...f.error.details, kind: 'unknown' as const, retryable: true } } };
}

/**
 * Asks HubSpot whether a token (access or refresh) is alive and what it grants. An inactive
 * token is data (`{active: false}`), not a failure: the caller decides what that means.
 */
export async function introspectToken(app: HubSpotApp, token: string, deps: IntrospectDeps = {}): Promise<HubSpotResult<TokenIntrospection>> {
  const res = await hubspotHttp(
    app,
    { method: 'POST', path: '/oauth/2026-03/token/introspect', form: { token, client_id: app.clientId, client_secret: app.clientSecret } },
    deps.fetch,
  );
  if (!res.ok) return res;
  const inactive = Inactive.safeParse(res.data.body);
  if (inactive.success) return ok({ active: false });
  const a = Active.safeParse(res.data.body);
  if (!a.success) return unreadable();
  return ok({
    active: true,
    tokenUse: a.data.token_use,
    hubId: a.data.hub_id,
    hubDomain: a.data.hub_domain || null,
    userEmail: a.data.user || null,
    userId: a.data.user_id ?? null,
    appId: a.data.app_id ?? null,
    clientId: a.data.client_id ?? null,
    scopes: normaliseScopes(a.data.scopes),
    expiresIn: a.data.expires_in ?? null,
  });
}
