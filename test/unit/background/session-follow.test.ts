import { describe, expect, it } from 'vitest';
import { createHandlers, type BackgroundDeps } from '../../../lib/extension/background/handlers';
import { SESSION_MARKER_KEY, withSessionMarker } from '../../../lib/extension/background/session-marker';
import { BACKEND_URL_KEY, type KeyValueArea } from '../../../lib/extension/background/settings';
import type { TokenStore } from '../../../lib/extension/background/token-store';
import type { WriteView } from '../../../lib/contract/api/writes';

function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (k) => (k in data ? { [k]: data[k] } : {}),
    set: async (items) => void Object.assign(data, items),
    remove: async (k) => {
      for (const key of Array.isArray(k) ? k : [k]) delete data[key];
    },
  };
}

function memoryTokens(): TokenStore {
  let token: string | null = null;
  return { get: async () => token, set: async (t) => void (token = t), clear: async () => void (token = null) };
}

const SERVER = 'https://portside.example.com';
const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };
const ctx = { sender: 'content' as const };
const OSCAR = { id: 'm-oscar', email: 'oscar@example.com' };
const TINA = { id: 'm-tina', email: 'tina@example.com' };
const T = '2026-11-22T08:00:00.000Z';
// Session tokens are 43 url-safe characters; one per member here, so a test can tell them apart.
const tokenOf = (m: { id: string }) => `tok_${m.id}`.padEnd(43, 'x');

const member = (m: { id: string; email: string }) => ({ ...m, emailVerified: true, displayName: null, role: 'member', status: 'active', createdAt: T, lastSignInAt: T });
const sessionAnswer = (m: { id: string; email: string }, token: string) => ({
  token,
  member: member(m),
  workspace: { id: 'w1', name: 'Acme', createdAt: T },
  session: { expiresAt: T, idleTimeoutSeconds: 3600, staySignedIn: false },
});
const write: WriteView = {
  id: '6f1c1e0e-8d7a-4b0b-9c55-1d2f3a4b5c6d',
  kind: 'note',
  portalId: '1001',
  contactId: '101',
  status: 'pending',
  summary: 'Note: hi',
  properties: null,
  author: { memberId: 'm-tina', hubspotOwnerId: '7006' },
  attempts: 0,
  createdAt: T,
  updatedAt: T,
  deliveredAt: null,
  hubspotObjectId: null,
  waiting: null,
  error: null,
};

/** A backend that signs in whoever the password names and accepts every write. */
function fakeBackend() {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (url.pathname === '/api/v1/auth/sign-in') {
      const who = JSON.parse(String(init?.body)).email === TINA.email ? TINA : OSCAR;
      return json(200, sessionAnswer(who, tokenOf(who)));
    }
    if (url.pathname === '/api/v1/auth/sign-out') return json(200, {});
    if (url.pathname.endsWith('/writes')) return json(201, { write });
    return json(404, { error: { code: 'not_found', message: 'no' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function setup() {
  const local = memoryArea();
  local.data[BACKEND_URL_KEY] = SERVER;
  const backend = fakeBackend();
  const deps: BackgroundDeps = {
    local,
    fetch: backend.fetch,
    hasOriginPermission: async () => true,
    tokens: withSessionMarker(memoryTokens(), local),
    openOptions: async () => {},
    openInstallTab: async () => true,
  };
  return { local, backend, handlers: createHandlers(deps) };
}

const signIn = (h: ReturnType<typeof setup>['handlers'], email: string) => h['session.signIn']({ email, password: 'correct horse battery' } as never, { sender: 'page' });
const note = (viewer: { id: string; email: string }) => ({ record, idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e', body: { kind: 'note' as const, body: 'hi' }, viewer: { memberId: viewer.id, email: viewer.email } });

describe('session marker', () => {
  it('is written anew on every sign-in, sign-out and server change, and never holds the token', async () => {
    const { local, handlers } = setup();
    const seen: unknown[] = [];
    const mark = () => seen.push(local.data[SESSION_MARKER_KEY]);
    expect((await signIn(handlers, OSCAR.email)).ok).toBe(true);
    mark();
    expect((await signIn(handlers, TINA.email)).ok).toBe(true);
    mark();
    expect((await handlers['session.signOut']({}, { sender: 'page' })).ok).toBe(true);
    mark();
    expect((await handlers['settings.setBackendUrl']({ backendUrl: 'https://other.example.com' }, { sender: 'page' })).ok).toBe(true);
    mark();
    expect(seen.every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
    expect(new Set(seen).size).toBe(4);
    expect(JSON.stringify(local.data)).not.toContain('tok_');
  });

  it('leaves the marker alone when the session is only read', async () => {
    const local = memoryArea();
    const tokens = withSessionMarker(memoryTokens(), local);
    await tokens.set('t1', false, SERVER);
    const before = local.data[SESSION_MARKER_KEY];
    expect(await tokens.get(SERVER)).toBe('t1');
    expect(local.data[SESSION_MARKER_KEY]).toBe(before);
    await tokens.clear();
    expect(local.data[SESSION_MARKER_KEY]).not.toBe(before);
  });
});

describe('writes.create is made as the member the panel showed', () => {
  it('refuses a panel drawn for Oscar once Tina is signed in, and sends nothing', async () => {
    const { backend, handlers } = setup();
    await signIn(handlers, OSCAR.email);
    await signIn(handlers, TINA.email);
    const before = backend.calls.length;
    const r = await handlers['writes.create'](note(OSCAR), ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'session_changed' } });
    expect(!r.ok && r.error.message).toBe(
      'You are signed in to Portside as tina@example.com now; this panel was showing oscar@example.com. Nothing was sent — check the panel and save again.',
    );
    expect(backend.calls.slice(before)).toEqual([]);
  });

  it('sends the write when the panel shows the signed-in member', async () => {
    const { backend, handlers } = setup();
    await signIn(handlers, TINA.email);
    const r = await handlers['writes.create'](note(TINA), ctx);
    expect(r).toEqual({ ok: true, data: write });
    expect(backend.calls.at(-1)).toBe('POST /api/v1/portals/1001/objects/0-1/101/writes');
  });

  it('asks the server who the session is when the background has not seen a sign-in (restarted)', async () => {
    const { backend, handlers } = setup();
    await signIn(handlers, TINA.email);
    // A fresh background over the same stored session: it knows the token, not the member.
    const fresh = createHandlers({
      local: { get: async () => ({ [BACKEND_URL_KEY]: SERVER }), set: async () => {}, remove: async () => {} },
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        new URL(String(input)).pathname === '/api/v1/me'
          ? new Response(JSON.stringify({ ...sessionAnswer(TINA, 'x'), token: undefined }), { status: 200, headers: { 'content-type': 'application/json' } })
          : backend.fetch(input, init)) as typeof fetch,
      hasOriginPermission: async () => true,
      tokens: { get: async () => tokenOf(TINA), set: async () => {}, clear: async () => {} },
      openOptions: async () => {},
      openInstallTab: async () => true,
    });
    expect(await fresh['writes.create'](note(OSCAR), ctx)).toMatchObject({ ok: false, error: { code: 'session_changed' } });
    expect((await fresh['writes.create'](note(TINA), ctx)).ok).toBe(true);
  });
});
