import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessToken, AuthCode, Install, RefreshToken, SandboxState } from './state.js';

/**
 * Token lifecycle: codes, access tokens, refresh tokens and installs. Refresh tokens do not
 * rotate (HubSpot's v1 answers hand back the same refresh token). Revoking a refresh token kills
 * only that token: access tokens already minted from it stay valid until they expire, as HubSpot
 * documents. An uninstall kills every token of the install at once.
 */

export const AUTH_CODE_TTL_MS = 10 * 60_000;

function region(state: SandboxState, portalId: number): string {
  return state.portal(portalId)?.dataHostingLocation ?? 'na1';
}

function newAccessTokenString(): string {
  // HubSpot access tokens are opaque base64-ish strings of a few hundred characters.
  return `C${randomBytes(96).toString('base64url')}`;
}

export function installKey(appId: number, portalId: number): string {
  return `${appId}:${portalId}`;
}

export function createAuthCode(state: SandboxState, input: Omit<AuthCode, 'code' | 'expiresAt' | 'used'>, now: number): AuthCode {
  const code: AuthCode = { ...input, code: randomUUID(), expiresAt: now + AUTH_CODE_TTL_MS, used: false };
  state.authCodes.set(code.code, code);
  return code;
}

export function mintAccessToken(state: SandboxState, refresh: RefreshToken, ttlSeconds: number, now: number): AccessToken {
  const token: AccessToken = {
    token: newAccessTokenString(),
    portalId: refresh.portalId,
    userId: refresh.userId,
    appId: refresh.appId,
    scopes: refresh.scopes,
    scopeSet: new Set(refresh.scopes),
    issuedAt: now,
    expiresAt: now + ttlSeconds * 1000,
    refreshToken: refresh.token,
    revoked: false,
  };
  state.accessTokens.set(token.token, token);
  return token;
}

/** Exchanges a code: records the install and mints the first token pair. */
export function installFromCode(state: SandboxState, code: AuthCode, ttlSeconds: number, now: number): { access: AccessToken; refresh: RefreshToken } {
  code.used = true;
  const install: Install = { appId: code.appId, portalId: code.portalId, userId: code.userId, scopes: code.scopes, installedAt: now };
  state.installs.set(installKey(code.appId, code.portalId), install);
  const refresh: RefreshToken = {
    token: `${region(state, code.portalId)}-${randomUUID()}`,
    portalId: code.portalId,
    userId: code.userId,
    appId: code.appId,
    clientId: code.clientId,
    scopes: code.scopes,
    revoked: false,
  };
  state.refreshTokens.set(refresh.token, refresh);
  return { access: mintAccessToken(state, refresh, ttlSeconds, now), refresh };
}

/** A refresh token is usable while it is not revoked and its app is still installed. */
export function usableRefreshToken(state: SandboxState, token: string): RefreshToken | undefined {
  const refresh = state.refreshTokens.get(token);
  if (!refresh || refresh.revoked) return undefined;
  if (!state.installs.has(installKey(refresh.appId, refresh.portalId))) return undefined;
  return refresh;
}

export function revokeRefreshToken(state: SandboxState, token: string): boolean {
  const refresh = state.refreshTokens.get(token);
  if (!refresh || refresh.revoked) return false;
  refresh.revoked = true;
  return true;
}

/**
 * What the control surface's revoke does: the refresh token and every access token minted from it
 * die at once, standing in for an admin removing the app's access in HubSpot's UI (the API's
 * revoke, above, leaves access tokens alone).
 */
export function revokeGrant(state: SandboxState, token: string): boolean {
  if (!revokeRefreshToken(state, token)) return false;
  for (const access of state.accessTokens.values()) if (access.refreshToken === token) access.revoked = true;
  return true;
}

export function uninstallApp(state: SandboxState, appId: number, portalId: number): boolean {
  const existed = state.installs.delete(installKey(appId, portalId));
  for (const refresh of state.refreshTokens.values()) {
    if (refresh.appId === appId && refresh.portalId === portalId) revokeRefreshToken(state, refresh.token);
  }
  for (const access of state.accessTokens.values()) {
    if (access.appId === appId && access.portalId === portalId) access.revoked = true;
  }
  return existed;
}

/** Makes an access token expire now, so the next call gets EXPIRED_AUTHENTICATION. */
export function expireAccessToken(state: SandboxState, token: string, now: number): boolean {
  const access = state.accessTokens.get(token);
  if (!access) return false;
  access.expiresAt = Math.min(access.expiresAt, now - 1);
  return true;
}

export function revokeAccessToken(state: SandboxState, token: string): boolean {
  const access = state.accessTokens.get(token);
  if (!access) return false;
  access.revoked = true;
  return true;
}
