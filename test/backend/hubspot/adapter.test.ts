import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotAppFromConfig, type HubSpotApp } from '../../../backend/hubspot/app';
import { buildAuthorizeUrl } from '../../../backend/hubspot/authorize-url';
import { hubspotHttp } from '../../../backend/hubspot/http';
import { listContactAssociations } from '../../../backend/hubspot/associations';
import { createEngagementsBatch, readContactsBatch, readEngagementBodies, updateContactsBatch, type EngagementObject } from '../../../backend/hubspot/crm-batch';
import { listOwners, listUsers } from '../../../backend/hubspot/directory-reads';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import { exchangeCode, refreshAccessToken, revokeRefreshToken } from '../../../backend/hubspot/oauth';
import { introspectToken } from '../../../backend/hubspot/oauth-introspect';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../../backend/hubspot/scopes';
import { parseConfig } from '../../../backend/config';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';

const NOTES: EngagementObject = { type: 'notes', bodyProperty: 'hs_note_body', associationTypeIdTo: { '0-1': 202 } };

const acme = SEED.portals.acme;
let s: StartedSandbox;
let app: HubSpotApp;

beforeAll(async () => {
  s = await startSandbox({ port: 0 });
  app = hubspotAppFromConfig(parseConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:8787' }), { url: s.url, ...SANDBOX_APP });
});
afterAll(() => s.close());

async function consent(authorizeUrl: string, portalId: number, userId: number) {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set('user', `${portalId}:${userId}`);
  const res = await fetch(`${s.url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
  return Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
}

describe('configuration', () => {
  it('defaults to HubSpot hosts, Portside scopes and the public callback URL', () => {
    const real = hubspotAppFromConfig(parseConfig({ HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 'sec', HUBSPOT_REDIRECT_URI: 'https://p.example/install/callback' }));
    expect(real).toMatchObject({ mode: 'hubspot', apiBase: 'https://api.hubapi.com', authorizeBase: 'https://app.hubspot.com', redirectUri: 'https://p.example/install/callback' });
    expect(real.scopes).toEqual([...REQUIRED_SCOPES].sort());
    expect(real.optionalScopes).toEqual([...OPTIONAL_SCOPES].sort());
    expect(app).toMatchObject({ mode: 'sandbox', apiBase: s.url, redirectUri: 'http://localhost:8787/install/callback' });
  });
});

describe('authorize URL', () => {
  it('carries client id, exact redirect, required and optional scopes, state; region-aware host; optional pin', () => {
    const eu = { ...app, authorizeBase: 'https://app-eu1.hubspot.com' };
    const url = new URL(buildAuthorizeUrl(eu, 'st', { portalId: '2002' }));
    expect(url.origin + url.pathname).toBe('https://app-eu1.hubspot.com/oauth/2002/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: SANDBOX_APP.clientId,
      redirect_uri: 'http://localhost:8787/install/callback',
      scope: [...REQUIRED_SCOPES].sort().join(' '),
      optional_scope: [...OPTIONAL_SCOPES].sort().join(' '),
      state: 'st',
    });
  });
});

describe('OAuth against the sandbox', () => {
  it('exchanges once, introspects, refreshes, revokes (2026-03 endpoints only)', async () => {
    const paths: string[] = [];
    const log: typeof fetch = (input, init) => {
      paths.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const deps = { fetch: log };
    const params = await consent(buildAuthorizeUrl(app, 'st'), acme.portalId, acme.users.superAdmin.userId);
    expect(params.state).toBe('st');
    const t = await exchangeCode(app, params.code!, deps);
    if (!t.ok) throw new Error(t.error.message);
    expect(t.data).toMatchObject({ hubId: acme.portalId, userId: acme.users.superAdmin.userId });
    expect(t.data.accessExpiresAt).toBeGreaterThan(Date.now() + 1700_000);
    const replay = await exchangeCode(app, params.code!, deps);
    expect(replay.ok ? null : replay.error.details).toMatchObject({ kind: 'bad_request', retryable: false, hubspotMessage: 'missing or unknown auth code' });

    const info = await introspectToken(app, t.data.accessToken, deps);
    expect(info).toMatchObject({ ok: true, data: { active: true, hubId: acme.portalId, userEmail: acme.users.superAdmin.email, hubDomain: acme.domain, appId: SANDBOX_APP.appId } });
    if (info.ok && info.data.active) expect(info.data.scopes).toEqual([...REQUIRED_SCOPES, ...OPTIONAL_SCOPES].sort());

    const r = await refreshAccessToken(app, t.data.refreshToken, deps);
    expect(r.ok && r.data.accessToken !== t.data.accessToken).toBe(true);
    expect(await revokeRefreshToken(app, t.data.refreshToken, deps)).toEqual({ ok: true, data: null });
    expect(await revokeRefreshToken(app, t.data.refreshToken, deps)).toEqual({ ok: true, data: null });
    const dead = await refreshAccessToken(app, t.data.refreshToken, deps);
    expect(dead.ok ? null : dead.error.code).toBe('needs_reconnect');
    expect(new Set(paths)).toEqual(new Set(['POST /oauth/2026-03/token', 'POST /oauth/2026-03/token/introspect', 'POST /oauth/2026-03/token/revoke']));
  });

  it('reports a bad client secret without echoing it', async () => {
    const bad = await refreshAccessToken({ ...app, clientSecret: 'wrong-secret-value' }, 'whatever');
    expect(bad.ok ? null : bad.error.details).toMatchObject({ kind: 'bad_request', retryable: false, httpStatus: 401 });
    expect(bad.ok ? null : bad.error.details.adminAction).toMatch(/HUBSPOT_CLIENT_SECRET/);
    expect(JSON.stringify(bad)).not.toContain('wrong-secret-value');
  });

  it('an unreachable HubSpot is a retryable failure', async () => {
    const r = await hubspotHttp({ ...app, apiBase: 'http://127.0.0.1:1', timeoutMs: 2000 }, { method: 'GET', path: '/x' });
    expect(r.ok ? null : r.error.details).toMatchObject({ kind: 'unavailable', retryable: true });
  });
});

describe('CRM adapter functions against the sandbox', () => {
  /** A PortalSend with a fixed token: the adapter functions alone, without the gateway. */
  const sendWith = (token: string): PortalSend => ({ operation: _op, ...req }) => hubspotHttp(app, { ...req, accessToken: token });
  const install = (scopes: string[]) => s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, scopes).access_token;

  it('batch read and update answer in Portside terms; a missing scope is translated with its correlation id', async () => {
    const send = sendWith(install(['oauth', 'crm.objects.contacts.read']));
    const read = await readContactsBatch(send, ['101', '999999'], ['firstname']);
    expect(read.ok && read.data.value.map((c) => [c.id, c.properties.firstname])).toEqual([['101', 'Olivia']]);
    const missing = await updateContactsBatch(send, [{ id: '101', properties: { firstname: 'X' } }]);
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'missing_scopes', details: { requiredScopes: ['crm.objects.contacts.write'], correlationId: expect.any(String) } });
  });

  it('creates a note associated with its contact, finds it through the v4 association list and reads its body', async () => {
    const send = sendWith(install(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write']));
    const created = await createEngagementsBatch(send, NOTES, [{ recordId: '101', objectType: '0-1', properties: { hs_note_body: 'adapter marker', hs_timestamp: new Date().toISOString() } }]);
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.value[0]!.id;
    const listed = await listContactAssociations(send, '101', 'notes', 2_000);
    expect(listed.ok && listed.data.value).toContain(id);
    const bodies = await readEngagementBodies(send, NOTES, [id]);
    expect(bodies.ok && bodies.data.value).toEqual([{ id, body: 'adapter marker' }]);
  });

  it('the v3 per-object association list is gone (404), as on HubSpot', async () => {
    const r = await sendWith(install(['oauth', 'crm.objects.contacts.read']))({ method: 'GET', path: '/crm/v3/objects/contacts/101/associations/notes' });
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });

  it('users and owners are read at their trailing-slash paths; the bare paths redirect, which Portside does not follow', async () => {
    const send = sendWith(install(['oauth', 'crm.objects.owners.read', 'settings.users.read']));
    expect((await listUsers(send)).ok).toBe(true);
    expect((await listOwners(send)).ok).toBe(true);
    for (const path of ['/settings/v3/users', '/crm/v3/owners']) {
      const bare = await send({ method: 'GET', path });
      expect(bare.ok ? null : bare.error.details).toMatchObject({ kind: 'unavailable' });
    }
  });
});
