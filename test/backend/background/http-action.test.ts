import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/extension/background/handlers';
import { createTokenStore } from '../../../lib/extension/background/token-store';
import type { KeyValueArea } from '../../../lib/extension/background/settings';
import { actions, ACTION_NAMES } from '../../../lib/extension/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/engines';
import { mailboxOf, startAccountsApp, type TestApp } from '../helpers/accounts-app';
import { lastCodeTo } from '../../helpers/mailbox';

/**
 * The handlers generated from the routes declared in lib/extension/messages.ts (lib/extension/background/http-action.ts),
 * against a real backend: each forwards to its route with the session's token, answers the
 * backend's error codes as values, maps an answer with `pick`, and never sends a token to a server
 * that did not issue it.
 */
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
const noPersistence = { read: async () => null, write: async () => {}, clear: async () => {} };
const page = { sender: 'page' as const };

let db: TestDatabase;
let backend: TestApp;
let backendUrl: string;
beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  backend = await startAccountsApp(db, {}, { wiring: 'full' });
  backendUrl = (await backend.app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await backend.close();
  await db.destroy();
});

function background() {
  const local = memoryArea();
  local.data['settings.backendUrl'] = backendUrl;
  const session = memoryArea();
  const tokens = createTokenStore(session, noPersistence);
  const requests: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const auth = new Headers(init?.headers).get('authorization') ? 'token' : 'none';
    requests.push(`${init?.method ?? 'GET'} ${String(input).replace(backendUrl, '')} ${auth}`);
    return fetch(input, init);
  };
  const h = createHandlers({ local, fetch: recordingFetch, tokens, hasOriginPermission: async () => true, openOptions: async () => {}, openInstallTab: async () => true });
  return { h, requests, session, local };
}

describe('handlers generated from the protocol routes', () => {
  it('every action with a route is answered, and the hand-written ones are the actions without one', () => {
    const { h } = background();
    const routed = ACTION_NAMES.filter((a) => 'http' in actions[a]);
    expect(routed.length).toBeGreaterThan(20);
    for (const a of ACTION_NAMES) expect(typeof h[a], a).toBe('function');
    expect(ACTION_NAMES.filter((a) => !routed.includes(a))).toEqual(
      expect.arrayContaining(['panel.load', 'writes.create', 'drafts.get', 'session.signIn', 'session.get', 'settings.setBackendUrl', 'install.begin']),
    );
  });

  it('forwards to the route with the session token, maps error bodies to codes, and signs up without a token', async () => {
    const { h, requests } = background();
    expect(await h['members.list']({}, page)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const email = 'generic@example.com';
    expect(await h['session.createWorkspace']({ workspaceName: 'Generic', email }, page)).toMatchObject({ ok: true, data: { sentTo: email } });
    const code = lastCodeTo(mailboxOf(backend.app).sent, email);
    expect(await h['session.verifyWorkspace']({ email, code, password: 'a long enough password 1' }, page)).toMatchObject({ ok: true });
    const list = await h['members.list']({}, page);
    expect(list).toMatchObject({ ok: true, data: { members: [{ email }] } });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await h['members.setRole']({ memberId: missing, role: 'admin' }, page)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // writes.get's route answers { write }: `pick` unwraps it; an unknown id is the backend's 404 code.
    expect(await h['writes.get']({ writeId: missing }, page)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(requests).toEqual([
      'GET /api/v1/members none',
      'POST /api/v1/workspaces none',
      'POST /api/v1/workspaces/verify none',
      'GET /api/v1/members token',
      `PUT /api/v1/members/${missing}/role token`,
      `GET /api/v1/writes/${missing} token`,
    ]);
  });

  it('sends no token to a server other than the one that issued it', async () => {
    const { h, requests, session } = background();
    await session.set({ 'portside.sessionToken': 'a-token-from-elsewhere', 'portside.sessionServer': 'https://other.example.com' });
    expect(await h['identity.me']({}, page)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(requests).toEqual(['GET /api/v1/identity/me none']);
  });
});
