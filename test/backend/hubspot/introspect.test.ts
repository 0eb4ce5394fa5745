import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotAppFromConfig, type HubSpotApp } from '../../../backend/hubspot/app';
import { introspectToken } from '../../../backend/hubspot/oauth-introspect';
import { parseConfig } from '../../../backend/config';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';

const acme = SEED.portals.acme;
let s: StartedSandbox;
let app: HubSpotApp;

beforeAll(async () => {
  s = await startSandbox({ port: 0 });
  app = hubspotAppFromConfig(parseConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:8787' }), { url: s.url, ...SANDBOX_APP });
});
afterAll(() => s.close());

describe('introspectToken (POST /oauth/2026-03/token/introspect)', () => {
  it('reads hub, user, app, client and scopes of a live access token and of its refresh token', async () => {
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, ['oauth', 'crm.objects.contacts.read']);
    const access = await introspectToken(app, t.access_token);
    expect(access).toEqual({
      ok: true,
      data: {
        active: true,
        tokenUse: 'access_token',
        hubId: acme.portalId,
        hubDomain: acme.domain,
        userEmail: acme.users.superAdmin.email,
        userId: acme.users.superAdmin.userId,
        appId: SANDBOX_APP.appId,
        clientId: SANDBOX_APP.clientId,
        scopes: ['crm.objects.contacts.read', 'oauth'],
        expiresIn: expect.any(Number),
      },
    });
    const refresh = await introspectToken(app, t.refresh_token);
    expect(refresh).toMatchObject({ ok: true, data: { active: true, tokenUse: 'refresh_token', hubId: acme.portalId, expiresIn: null } });
  });

  it('an unknown or uninstalled token is inactive, as data; bad client credentials are a failure that never echoes the secret', async () => {
    expect(await introspectToken(app, 'never-issued')).toEqual({ ok: true, data: { active: false } });
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    s.sandbox.control.uninstall(acme.portalId);
    expect(await introspectToken(app, t.access_token)).toEqual({ ok: true, data: { active: false } });
    const bad = await introspectToken({ ...app, clientSecret: 'wrong-secret-value' }, t.access_token);
    expect(bad.ok ? null : bad.error.details).toMatchObject({ httpStatus: 401, hubspotMessage: 'missing or invalid client_secret' });
    expect(JSON.stringify(bad)).not.toContain('wrong-secret-value');
  });

  it('sends the token in the form body, never in the URL', async () => {
    const t = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await introspectToken(app, t.access_token, { fetch: spy });
    expect(seen).toEqual([`${s.url}/oauth/2026-03/token/introspect`]);
  });
});
