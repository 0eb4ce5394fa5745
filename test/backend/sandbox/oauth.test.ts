import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_ERRORS } from '../../../backend/sandbox/oauth-rules.js';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, consent, exchange, REDIRECT_URI, start } from './helpers.js';

const acme = SEED.portals.acme;
const free = SEED.portals.free;
const BASE = 'oauth crm.objects.contacts.read crm.objects.contacts.write';

let s: StartedSandbox;
beforeAll(async () => {
  // Some tests here drive v1 through the official SDK (it still calls /oauth/v1): they run as
  // before HubSpot's sunset whatever today's date; the sunset has its own tests below.
  s = await start({ tokenTtlSeconds: 2, oauthV1SunsetAt: Date.now() + 365 * 86_400_000 });
});
afterAll(() => s.close());

describe('authorize page', () => {
  it('shows the consent form with the portal users, pinned to a portal on /oauth/{portalId}/authorize', async () => {
    const q = new URLSearchParams({ client_id: SANDBOX_APP.clientId, redirect_uri: REDIRECT_URI, scope: BASE, state: 'x' });
    const all = await (await fetch(`${s.url}/oauth/authorize?${q}`)).text();
    expect(all).toContain('data-test-id="oauth-consent"');
    expect(all).toContain(`value="${acme.portalId}:${acme.users.ownedOnly.userId}"`);
    expect(all).toContain(`value="${free.portalId}:${free.users.member.userId}"`);
    const pinned = await (await fetch(`${s.url}/oauth/${free.portalId}/authorize?${q}`)).text();
    expect(pinned).not.toContain(`value="${acme.portalId}:`);
  });

  it('never redirects for an unknown client_id or an unregistered redirect_uri', async () => {
    const bad = await fetch(`${s.url}/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=oauth`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('client_id is invalid');
    const evil = await fetch(`${s.url}/oauth/authorize?client_id=${SANDBOX_APP.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&scope=oauth`, { redirect: 'manual' });
    expect(evil.status).toBe(400);
    expect(await evil.text()).toContain("doesn&#39;t match the app&#39;s registered redirect URL");
    const post = await consent(s.url, acme.portalId, acme.users.superAdmin.userId, { redirectUri: 'https://evil.example/cb' });
    expect(post.status).toBe(400);
    expect(post.location).toBeNull();
  });
});

describe('install rules', () => {
  /** HubSpot shows a refused or cancelled install on its own page and sends nothing back. */
  const refusedOnPage = (r: Awaited<ReturnType<typeof consent>>, message: string) => {
    expect(r.location).toBeNull();
    expect(r.status).toBe(403);
    expect(r.text).toContain('data-test-id="oauth-error"');
    expect(r.text).toContain(message);
  };

  it('lets a super admin install anything, even scopes the tier lacks', async () => {
    const r = await consent(s.url, free.portalId, free.users.superAdmin.userId, { scope: `${BASE} settings.users.teams.read` });
    expect(r.params.code).toBeTruthy();
    expect(r.params.state).toBe('st-1');
    expect(r.location?.origin + r.location!.pathname).toBe(REDIRECT_URI);
  });

  it('lets a user with App Marketplace access install only what the tier has; a refusal stays on the consent page', async () => {
    const ok = await consent(s.url, acme.portalId, acme.users.marketplace.userId, { scope: `${BASE} settings.users.teams.read` });
    expect(ok.params.code).toBeTruthy();
    const denied = await consent(s.url, free.portalId, free.users.marketplace.userId, { scope: `${BASE} settings.users.teams.read` });
    refusedOnPage(denied, INSTALL_ERRORS.wrongRole);
    expect(INSTALL_ERRORS.wrongRole).toContain('You do not have the correct role to grant these permissions');
  });

  it('refuses users without super admin or App Marketplace access, on the page, with no redirect', async () => {
    for (const u of [acme.users.ownedOnly, acme.users.everything, free.users.member]) {
      const portalId = u.userId > 6000 ? free.portalId : acme.portalId;
      refusedOnPage(await consent(s.url, portalId, u.userId), INSTALL_ERRORS.wrongRole);
    }
  });

  it('drops optional scopes the tier lacks instead of failing', async () => {
    const r = await consent(s.url, free.portalId, free.users.marketplace.userId, { optionalScope: 'settings.users.teams.read crm.objects.owners.read' });
    const token = await (await exchange(s.url, r.params.code!)).json();
    expect(token.scopes).toEqual([...BASE.split(' '), 'crm.objects.owners.read']);
  });

  it('fails on the page when a required scope is only in optional_scope', async () => {
    const r = await consent(s.url, acme.portalId, acme.users.superAdmin.userId, { scope: 'oauth crm.objects.contacts.read', optionalScope: 'crm.objects.contacts.write' });
    refusedOnPage(r, 'Authorization failed because the provided scopes are insufficient. Please contact the app developer.');
  });

  it('rejects unknown scopes on the page; a cancelled consent says so and sends nothing back', async () => {
    refusedOnPage(await consent(s.url, acme.portalId, acme.users.superAdmin.userId, { scope: `${BASE} made.up` }), INSTALL_ERRORS.scopeMismatch);
    const cancelled = await consent(s.url, acme.portalId, acme.users.superAdmin.userId, { action: 'deny' });
    expect(cancelled.location).toBeNull();
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toContain('data-test-id="oauth-cancelled"');
  });
});

describe('OAuth v1 sunset', () => {
  const SUNSET = Date.parse('2027-02-16T00:00:00Z');
  const form = (extra: Record<string, string>) => new URLSearchParams({ client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret, ...extra });

  it('v1 answers until the sunset date (default 16 Feb 2027), then every v1 path answers as one HubSpot does not serve; 2026-03 carries on', async () => {
    let now = SUNSET - 60_000;
    const sb = await start({ now: () => now });
    try {
      const before = sb.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
      expect((await fetch(`${sb.url}/oauth/v1/token`, { method: 'POST', body: form({ grant_type: 'refresh_token', refresh_token: before.refresh_token }) })).status).toBe(200);
      expect((await fetch(`${sb.url}/oauth/v1/access-tokens/${before.access_token}`)).status).toBe(200);
      now = SUNSET;
      const t = sb.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
      const calls: [string, string, URLSearchParams?][] = [
        ['POST', '/oauth/v1/token', form({ grant_type: 'refresh_token', refresh_token: t.refresh_token })],
        ['GET', `/oauth/v1/access-tokens/${t.access_token}`],
        ['GET', `/oauth/v1/refresh-tokens/${t.refresh_token}`],
        ['DELETE', `/oauth/v1/refresh-tokens/${t.refresh_token}`],
      ];
      for (const [method, path, body] of calls) {
        const res = await fetch(`${sb.url}${path}`, { method, ...(body ? { body } : {}) });
        const unknown = await fetch(`${sb.url}/oauth/v0/nothing-here`, { method });
        expect([res.status, (await res.json()).category]).toEqual([404, 'OBJECT_NOT_FOUND']);
        expect(unknown.status).toBe(404);
      }
      // The refresh token was not touched by the refused v1 DELETE, and the current API serves it.
      const fresh = await fetch(`${sb.url}/oauth/2026-03/token`, { method: 'POST', body: form({ grant_type: 'refresh_token', refresh_token: t.refresh_token }) });
      expect(fresh.status).toBe(200);
      expect((await api(sb.url, t.access_token, '/appinstalls/v3/external-install', { method: 'DELETE' })).status).toBe(204);
    } finally {
      await sb.close();
    }
  });

  it('the sunset date is configurable', async () => {
    const sb = await start({ oauthV1SunsetAt: Date.now() - 1000 });
    try {
      expect((await fetch(`${sb.url}/oauth/v1/token`, { method: 'POST', body: form({ grant_type: 'refresh_token', refresh_token: 'x' }) })).status).toBe(404);
      expect((await fetch(`${sb.url}/oauth/2026-03/token`, { method: 'POST', body: form({ grant_type: 'refresh_token', refresh_token: 'x' }) })).status).toBe(400);
    } finally {
      await sb.close();
    }
  });
});

describe('tokens', () => {
  it('exchanges a code with the official SDK, once', async () => {
    const r = await consent(s.url, acme.portalId, acme.users.superAdmin.userId);
    const client = new Client({ basePath: s.url });
    const tokens = await client.oauth.tokensApi.create('authorization_code', r.params.code, REDIRECT_URI, SANDBOX_APP.clientId, SANDBOX_APP.clientSecret);
    expect(tokens.expiresIn).toBe(2);
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.accessToken.length).toBeGreaterThan(100);
    const again = await exchange(s.url, r.params.code!);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', error: 'invalid_grant', error_description: 'missing or unknown auth code' });

    const info = await client.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: acme.portalId, userId: acme.users.superAdmin.userId, user: acme.users.superAdmin.email, appId: SANDBOX_APP.appId });
    expect(info.scopes).toEqual(BASE.split(' '));
    const rinfo = await client.oauth.refreshTokensApi.get(tokens.refreshToken);
    expect(rinfo).toMatchObject({ hubId: acme.portalId, clientId: SANDBOX_APP.clientId, user: acme.users.superAdmin.email });
  });

  it('checks redirect_uri and client credentials on exchange', async () => {
    const r = await consent(s.url, acme.portalId, acme.users.superAdmin.userId);
    const wrongUri = await exchange(s.url, r.params.code!, 'http://localhost:3999/other');
    expect((await wrongUri.json()).status).toBe('BAD_REDIRECT_URI');
    const badSecret = await fetch(`${s.url}/oauth/v1/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SANDBOX_APP.clientId, client_secret: 'nope', redirect_uri: REDIRECT_URI, code: r.params.code! }),
    });
    expect(badSecret.status).toBe(400);
    expect((await badSecret.json()).status).toBe('BAD_CLIENT_SECRET');
    const noGrant = await fetch(`${s.url}/oauth/v1/token`, { method: 'POST', body: new URLSearchParams({}) });
    expect((await noGrant.json()).status).toBe('BAD_GRANT_TYPE');
  });

  it('expires access tokens (EXPIRED_AUTHENTICATION) and refreshes them', async () => {
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    expect((await api(s.url, t.access_token, '/crm/v3/objects/contacts/101')).status).toBe(200);
    s.sandbox.control.expireToken(t.access_token);
    const expired = await api(s.url, t.access_token, '/crm/v3/objects/contacts/101');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    expect(expired.body.message).toMatch(/^The OAuth token used to make this call expired \d+ second\(s\) ago\.$/);
    const client = new Client({ basePath: s.url });
    const before = s.sandbox.control.counters().tokenRefreshes;
    const fresh = await client.oauth.tokensApi.create('refresh_token', undefined, undefined, SANDBOX_APP.clientId, SANDBOX_APP.clientSecret, t.refresh_token);
    expect(fresh.refreshToken).toBe(t.refresh_token);
    expect(s.sandbox.control.counters().tokenRefreshes).toBe(before + 1);
    expect((await api(s.url, fresh.accessToken, '/crm/v3/objects/contacts/101')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await api(s.url, fresh.accessToken, '/crm/v3/objects/contacts/101')).body.category).toBe('EXPIRED_AUTHENTICATION');
  });

  it('answers INVALID_AUTHENTICATION for missing or unknown tokens', async () => {
    const res = await fetch(`${s.url}/crm/v3/objects/contacts/101`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(body.message).toMatch(/^Authentication credentials not found\./);
    expect((await api(s.url, 'nope', '/crm/v3/objects/contacts/101')).status).toBe(401);
  });

  const refresh = (token: string) =>
    fetch(`${s.url}/oauth/v1/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret, refresh_token: token }),
    });

  it('revoking a refresh token answers 204, then BAD_REFRESH_TOKEN; its access token lives on', async () => {
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    // Through the official SDK (RefreshTokensApi.archive → DELETE /oauth/v1/refresh-tokens/{t}): it resolves only on a 2xx.
    const del = await new Client({ basePath: s.url }).oauth.refreshTokensApi.archiveWithHttpInfo(t.refresh_token);
    expect(del.httpStatusCode).toBe(204);
    const res = await refresh(t.refresh_token);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('{"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token","error":"invalid_grant","error_description":"missing or invalid refresh token"}');
    // HubSpot: a revoke does not end access tokens already minted; they run to their expiry.
    expect((await api(s.url, t.access_token, '/crm/v3/objects/contacts/101')).status).toBe(200);
  });

  it('uninstalling (DELETE /appinstalls/v3/external-install) kills the refresh token and its access tokens', async () => {
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    const res = await api(s.url, t.access_token, '/appinstalls/v3/external-install', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await (await refresh(t.refresh_token)).json()).status).toBe('BAD_REFRESH_TOKEN');
    expect((await api(s.url, t.access_token, '/crm/v3/objects/contacts/101')).status).toBe(401);
    const t2 = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    expect(s.sandbox.control.uninstall(acme.portalId)).toBe(true);
    expect((await (await refresh(t2.refresh_token)).json()).status).toBe('BAD_REFRESH_TOKEN');
  });

  it.each(['2026-03', 'v3'])('serves the %s token, introspect and revoke endpoints with the spec\'s fields', async (version) => {
    const r = await consent(s.url, acme.portalId, acme.users.superAdmin.userId);
    const form = { client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret };
    const post = (path: string, body: Record<string, string>) => fetch(`${s.url}/oauth/${version}/${path}`, { method: 'POST', body: new URLSearchParams(body) });
    const tok = await (await post('token', { ...form, grant_type: 'authorization_code', code: r.params.code!, redirect_uri: REDIRECT_URI })).json();
    expect(tok).toMatchObject({ token_type: 'bearer', token_use: 'access_token', expires_in: 2, hub_id: acme.portalId, user_id: acme.users.superAdmin.userId, scopes: BASE.split(' ') });
    const intro = await (await post('token/introspect', { ...form, token: tok.access_token })).json();
    expect(intro).toMatchObject({
      active: true,
      token_use: 'access_token',
      client_id: SANDBOX_APP.clientId,
      app_id: SANDBOX_APP.appId,
      hub_id: acme.portalId,
      hub_domain: acme.domain,
      user: acme.users.superAdmin.email,
      user_id: acme.users.superAdmin.userId,
      scopes: BASE.split(' '),
    });
    const rintro = await (await post('token/introspect', { ...form, token: tok.refresh_token })).json();
    expect(rintro).toMatchObject({ active: true, token_use: 'refresh_token', hub_id: acme.portalId, client_id: SANDBOX_APP.clientId });
    expect((await post('token/introspect', { ...form, client_secret: 'nope', token: tok.access_token })).status).toBe(401);

    const rev = await post('token/revoke', { ...form, token: tok.refresh_token });
    expect(rev.status).toBe(200);
    const dead = await post('token', { ...form, grant_type: 'refresh_token', refresh_token: tok.refresh_token });
    expect(dead.status).toBe(400);
    expect(await dead.json()).toMatchObject({ status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', error: 'invalid_grant', error_description: 'missing or invalid refresh token' });
    expect(await (await post('token/introspect', { ...form, token: tok.refresh_token })).json()).toEqual({ active: false });
    // As on HubSpot, the access token minted before the revoke runs to its expiry.
    expect(await (await post('token/introspect', { ...form, token: tok.access_token })).json()).toMatchObject({ active: true });
    expect((await api(s.url, tok.access_token, '/crm/v3/objects/contacts/101')).status).toBe(200);
    // RFC 7009: revoking an unknown token is not an error; bad client credentials are.
    expect((await post('token/revoke', { ...form, token: 'never-issued' })).status).toBe(200);
    const badClient = await post('token/revoke', { ...form, client_secret: 'nope', token: 'x' });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toMatchObject({ status: 'BAD_CLIENT_SECRET', error: 'invalid_client' });
    await new Promise((res) => setTimeout(res, 2100));
    expect(await (await post('token/introspect', { ...form, token: tok.access_token })).json()).toEqual({ active: false });
  });
});
