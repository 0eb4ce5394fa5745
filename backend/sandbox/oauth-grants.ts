import { z } from 'zod';
import type { SandboxContext } from './context.js';
import { SANDBOX_APP } from './seed.js';
import type { AccessToken, RefreshToken } from './state.js';
import { installFromCode, mintAccessToken, usableRefreshToken } from './tokens.js';

/**
 * The token endpoint's grants, shared by `/oauth/v1/token` and the current `/oauth/{v3,2026-03}/token`. Failures are
 * values carrying HubSpot's v1 `status`/`message` and the RFC 6749 `error` the current endpoints add.
 * The v1 failure texts for client and code errors follow developers' reports (BAD_AUTH_CODE
 * "missing or unknown auth code" is widely quoted; the others are unconfirmed).
 */

export const tokenForm = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  redirect_uri: z.string().optional(),
  code: z.string().optional(),
  refresh_token: z.string().optional(),
});
export type TokenForm = z.infer<typeof tokenForm>;

export interface GrantFailure {
  status: string;
  message: string;
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';
}

export interface TokenAnswer {
  token_type: 'bearer';
  refresh_token: string;
  access_token: string;
  expires_in: number;
  hub_id: number;
  user_id: number;
  scopes: string[];
}

export const GRANT_FAILURES = {
  badGrantType: { status: 'BAD_GRANT_TYPE', message: 'missing or unknown grant_type', error: 'unsupported_grant_type' },
  badClientId: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client_id', error: 'invalid_client' },
  badClientSecret: { status: 'BAD_CLIENT_SECRET', message: 'missing or invalid client_secret', error: 'invalid_client' },
  badAuthCode: { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', error: 'invalid_grant' },
  expiredAuthCode: { status: 'EXPIRED_AUTH_CODE', message: 'auth code has expired', error: 'invalid_grant' },
  badRedirectUri: { status: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match initial redirect_uri', error: 'invalid_grant' },
  badRefreshToken: { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', error: 'invalid_grant' },
} as const satisfies Record<string, GrantFailure>;

export function clientFailure(form: { client_id?: string | undefined; client_secret?: string | undefined }): GrantFailure | null {
  if (form.client_id !== SANDBOX_APP.clientId) return GRANT_FAILURES.badClientId;
  if (form.client_secret !== SANDBOX_APP.clientSecret) return GRANT_FAILURES.badClientSecret;
  return null;
}

function answer(ctx: SandboxContext, access: AccessToken, refresh: RefreshToken): TokenAnswer {
  return {
    token_type: 'bearer',
    refresh_token: refresh.token,
    access_token: access.token,
    expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
    hub_id: access.portalId,
    user_id: access.userId,
    scopes: [...access.scopes],
  };
}

export function runGrant(ctx: SandboxContext, form: TokenForm): TokenAnswer | GrantFailure {
  const now = ctx.now();
  const ttl = ctx.options.tokenTtlSeconds;
  if (form.grant_type !== 'authorization_code' && form.grant_type !== 'refresh_token') return GRANT_FAILURES.badGrantType;
  const client = clientFailure(form);
  if (client) return client;
  if (form.grant_type === 'authorization_code') {
    const code = form.code ? ctx.state.authCodes.get(form.code) : undefined;
    if (!code || code.used) return GRANT_FAILURES.badAuthCode;
    if (code.expiresAt <= now) return GRANT_FAILURES.expiredAuthCode;
    if (form.redirect_uri !== code.redirectUri) return GRANT_FAILURES.badRedirectUri;
    const { access, refresh } = installFromCode(ctx.state, code, ttl, now);
    ctx.state.counters.tokenExchanges++;
    return answer(ctx, access, refresh);
  }
  const refresh = form.refresh_token ? usableRefreshToken(ctx.state, form.refresh_token) : undefined;
  if (!refresh || refresh.clientId !== form.client_id) return GRANT_FAILURES.badRefreshToken;
  const access = mintAccessToken(ctx.state, refresh, ttl, now);
  ctx.state.counters.tokenRefreshes++;
  return answer(ctx, access, refresh);
}

export function isFailure(x: TokenAnswer | GrantFailure): x is GrantFailure {
  return 'status' in x;
}
