import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/extension/background/handlers';
import { createTokenStore, type PersistentSlot } from '../../../lib/extension/background/token-store';
import type { KeyValueArea } from '../../../lib/extension/background/settings';
import { createWorkspace, startAccountsApp, type TestApp } from '../helpers/accounts-app';
import { createTestDatabase, type TestDatabase } from '../helpers/engines';

/**
 * Issue 14 item 10: changing the server address in options must forget the session. The real
 * handlers and the real token store, signed in against a real backend; then the address moves to
 * another server (a typo, a phishing instruction, a lookalike host). The token must be gone from
 * every place the background keeps it, requests still running against the old server are
 * cancelled, and nothing sent to the new server carries the old server's token, however the
 * change and an in-flight sign-in interleave.
 */

const OTHER = 'https://other-portside.example';
const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };
const page = { sender: 'page' as const };

function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (k) => (k in data ? { [k]: data[k] } : {}),
    set: async (items) => void Object.assign(data, items),
    remove: async (k) => void [k].flat().forEach((x) => delete data[x]),
  };
}

function memorySlot(): PersistentSlot & { value: string | null } {
  const slot = {
    value: null as string | null,
    read: async () => slot.value,
    write: async (v: string) => void (slot.value = v),
    clear: async () => void (slot.value = null),
  };
  return slot;
}

interface Sent {
  url: string;
  authorization: string | null;
  signal: AbortSignal | null;
}

let db: TestDatabase;
let backend: TestApp;
let backendUrl: string;
beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  backend = await startAccountsApp(db);
  backendUrl = (await backend.app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await backend.close();
  await db.destroy();
});

/** A background signed in to the real backend; `hold` keeps chosen requests open until released. */
async function signedInWorld() {
  const account = await createWorkspace(backend.app);
  const local = memoryArea();
  const session = memoryArea();
  const slot = memorySlot();
  local.data['settings.backendUrl'] = backendUrl;
  const sent: Sent[] = [];
  const held: Array<{ url: string; release: () => void }> = [];
  let hold: ((url: string) => boolean) | null = null;
  let honourAbort = true;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    sent.push({ url, authorization: headers.get('authorization'), signal: init?.signal ?? null });
    if (hold?.(url)) {
      // Answers late, and with `honourAbort` off ignores cancellation (an answer already on its
      // way): the worst case for the background's bookkeeping.
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      held.push({ url, release });
      await gate;
      if (honourAbort) init?.signal?.throwIfAborted();
      return globalThis.fetch(input, { ...init, signal: null });
    }
    if (url.startsWith(backendUrl)) return globalThis.fetch(input, init);
    return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in.' } }), { status: 401, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const h = createHandlers({ local, fetch, hasOriginPermission: async () => true, tokens: createTokenStore(session, slot), openOptions: async () => {}, openInstallTab: async () => false });
  const signedIn = await h['session.signIn']({ email: account.email, password: account.password, staySignedIn: true }, page);
  expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);
  return {
    h,
    local,
    session,
    slot,
    sent,
    held,
    account,
    setHold: (f: typeof hold, opts = { honourAbort: true }) => {
      hold = f;
      honourAbort = opts.honourAbort;
    },
    /** Every place the background keeps state, as text. */
    everywhere: () => JSON.stringify({ local: local.data, session: session.data, slot: slot.value }),
  };
}

/** The session token the background keeps (the world's only copy outside the backend). */
async function keptToken(w: Awaited<ReturnType<typeof signedInWorld>>): Promise<string> {
  const me = await w.h['members.list']({}, page);
  expect(me.ok, JSON.stringify(me)).toBe(true);
  const auth = w.sent.at(-1)!.authorization ?? '';
  expect(auth).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);
  return auth.slice('Bearer '.length);
}

describe('changing the server address forgets the session', () => {
  it('the token is gone from every storage area and never reaches the new server', async () => {
    const w = await signedInWorld();
    const token = await keptToken(w);
    expect(w.everywhere()).toContain(token);

    expect(await w.h['settings.setBackendUrl']({ backendUrl: OTHER }, page)).toEqual({ ok: true, data: { backendUrl: OTHER } });
    expect(w.everywhere(), 'storage.session, the stay-signed-in slot and storage.local').not.toContain(token);

    const before = w.sent.length;
    expect(await w.h['session.get']({}, page)).toEqual({ ok: true, data: { signedIn: false, reason: 'none' } });
    await w.h['panel.load']({ record }, { sender: 'content' });
    await w.h['members.list']({}, page);
    await w.h['writes.list']({ record }, { sender: 'content' });
    const after = w.sent.slice(before);
    expect(after.length).toBeGreaterThan(0);
    for (const s of after) {
      expect(s.url.startsWith(OTHER), s.url).toBe(true);
      expect(s.authorization, s.url).toBeNull();
    }
  });

  it('saving the same address again keeps the session', async () => {
    const w = await signedInWorld();
    const token = await keptToken(w);
    expect(await w.h['settings.setBackendUrl']({ backendUrl: `${backendUrl}/` }, page)).toMatchObject({ ok: true });
    expect(await keptToken(w)).toBe(token);
  });

  it('requests still running against the old server are cancelled', async () => {
    const w = await signedInWorld();
    await keptToken(w);
    w.setHold((url) => url.endsWith('/api/v1/members'));
    const pending = w.h['members.list']({}, page);
    await expect.poll(() => w.held.length).toBe(1);
    const signal = w.sent.at(-1)!.signal!;
    expect(signal.aborted).toBe(false);
    await w.h['settings.setBackendUrl']({ backendUrl: OTHER }, page);
    expect(signal.aborted, 'the old request is aborted').toBe(true);
    w.held[0]!.release();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'backend_unreachable' } });
  });

  it('a sign-in to the old server that answers after the change is not kept for the new one', async () => {
    const w = await signedInWorld();
    await w.h['session.signOut']({}, page);
    w.setHold((url) => url.endsWith('/api/v1/auth/sign-in'), { honourAbort: false });
    const signingIn = w.h['session.signIn']({ email: w.account.email, password: w.account.password, staySignedIn: true }, page);
    await expect.poll(() => w.held.length).toBe(1);
    await w.h['settings.setBackendUrl']({ backendUrl: OTHER }, page);
    w.held[0]!.release();
    await signingIn;

    const before = w.sent.length;
    await w.h['session.get']({}, page);
    await w.h['members.list']({}, page);
    for (const s of w.sent.slice(before)) expect(s.authorization, s.url).toBeNull();
    expect(w.everywhere()).not.toMatch(/"[A-Za-z0-9_-]{43}"/);
  });
});

describe('the token store hands a token to the server that issued it only', () => {
  const A = 'https://a.example';
  const B = 'https://b.example';
  const token = 'T'.repeat(43);

  it('a "stay signed in" token comes back after a browser restart, for its own server only', async () => {
    const slot = memorySlot();
    await createTokenStore(memoryArea(), slot).set(token, true, A);
    // A restart empties storage.session; the persistent slot remains.
    expect(await createTokenStore(memoryArea(), slot).get(A)).toBe(token);
    const session = memoryArea();
    const restarted = createTokenStore(session, slot);
    expect(await restarted.get(B)).toBeNull();
    expect(slot.value).toBeNull();
    expect(JSON.stringify(session.data)).not.toContain(token);
    expect(await restarted.get(A)).toBeNull();
  });

  it('a token kept before tokens were bound to a server is forgotten, not guessed', async () => {
    const slot = memorySlot();
    slot.value = token;
    expect(await createTokenStore(memoryArea(), slot).get(A)).toBeNull();
    expect(slot.value).toBeNull();
    const session = memoryArea();
    session.data['portside.sessionToken'] = token;
    expect(await createTokenStore(session, memorySlot()).get(A)).toBeNull();
    expect(session.data).toEqual({});
  });
});
