import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHandlers, type BackgroundDeps } from '../../../lib/extension/background/handlers';
import type { TokenStore } from '../../../lib/extension/background/token-store';
import type { KeyValueArea } from '../../../lib/extension/background/settings';
import { normaliseBackendUrl } from '../../../lib/extension/backend-url';
import { buildHttpShell } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';

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

function deps(local: KeyValueArea, extra: Partial<BackgroundDeps> = {}): BackgroundDeps {
  let token: string | null = null;
  const tokens: TokenStore = { get: async () => token, set: async (t) => void (token = t), clear: async () => void (token = null) };
  return { local, fetch, hasOriginPermission: async () => false, tokens, openOptions: async () => {}, openInstallTab: async () => true, ...extra };
}

const record = { host: 'app.hubspot.com', portalId: '1', objectTypeId: '0-1' as const, recordId: '2' };
const ctx = { sender: 'content' as const };

let backend: FastifyInstance;
let backendUrl: string;
beforeAll(async () => {
  backend = await buildHttpShell({ config: parseConfig({ NODE_ENV: 'test' }), logger: createLogger('silent') });
  backendUrl = await backend.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => backend.close());

describe('background handlers', () => {
  it('says "signed out" and checks the server over real HTTP when there is no session', async () => {
    const local = memoryArea();
    local.data['settings.backendUrl'] = backendUrl.replace('127.0.0.1', 'localhost');
    const h = createHandlers(deps(local));
    const r = await h['panel.load']({ record }, ctx);
    expect(r).toEqual({ ok: true, data: { state: 'signed_out', reachable: true, backendUrl: expect.stringContaining('http://localhost:') } });
  });

  it('reports an unreachable backend as a value, not a throw', async () => {
    const local = memoryArea();
    local.data['settings.backendUrl'] = 'http://localhost:1';
    const h = createHandlers(deps(local));
    const r = await h['panel.load']({ record }, ctx);
    expect(r).toMatchObject({ ok: true, data: { state: 'signed_out', backendUrl: 'http://localhost:1', reachable: false } });
  });

  it('stores a backend URL only with permission for its origin', async () => {
    const local = memoryArea();
    const hasOriginPermission = vi.fn(async () => false);
    const h = createHandlers(deps(local, { hasOriginPermission }));
    expect(await h['settings.setBackendUrl']({ backendUrl: 'https://portside.example.com' }, { sender: 'page' })).toMatchObject({
      ok: false,
      error: { code: 'permission_required' },
    });
    expect(hasOriginPermission).toHaveBeenCalledWith('https://portside.example.com/*');
    expect(local.data).toEqual({});
    hasOriginPermission.mockResolvedValue(true);
    expect(await h['settings.setBackendUrl']({ backendUrl: 'https://portside.example.com/' }, { sender: 'page' })).toEqual({
      ok: true,
      data: { backendUrl: 'https://portside.example.com' },
    });
    expect(await h['settings.get']({}, { sender: 'page' })).toMatchObject({ ok: true, data: { backendUrl: 'https://portside.example.com' } });
  });
});

describe('normaliseBackendUrl', () => {
  it.each([
    ['https://portside.example.com', 'https://portside.example.com'],
    ['  https://portside.example.com/api/  ', 'https://portside.example.com/api'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000'],
  ])('accepts %s', (input, out) => expect(normaliseBackendUrl(input)).toEqual({ ok: true, data: out }));

  it.each(['http://portside.example.com', 'ftp://x', 'portside', 'https://u:p@x.example', 'https://x.example/?a=1', 'javascript:alert(1)'])(
    'rejects %s',
    (input) => expect(normaliseBackendUrl(input)).toMatchObject({ ok: false, error: { code: 'bad_request' } }),
  );
});

describe('drafts', () => {
  const key = { portalId: '1001', objectType: '0-1' as const, recordId: '101', kind: 'note' as const };
  it('keeps typed text until it is deleted, and drops empty drafts', async () => {
    const local = memoryArea();
    const h = createHandlers(deps(local));
    expect(await h['drafts.get']({ key }, ctx)).toEqual({ ok: true, data: { fields: null } });
    await h['drafts.put']({ key, fields: { body: 'Called, wants a demo' } }, ctx);
    expect(await h['drafts.get']({ key }, ctx)).toEqual({ ok: true, data: { fields: { body: 'Called, wants a demo' } } });
    expect(await h['drafts.get']({ key: { ...key, recordId: '102' } }, ctx)).toEqual({ ok: true, data: { fields: null } });
    await h['drafts.put']({ key, fields: { body: '   ' } }, ctx);
    expect(await h['drafts.get']({ key }, ctx)).toEqual({ ok: true, data: { fields: null } });
    await h['drafts.put']({ key, fields: { body: 'again' } }, ctx);
    await h['drafts.delete']({ key }, ctx);
    expect(Object.keys(local.data)).toEqual([]);
  });
});
