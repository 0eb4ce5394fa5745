import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, type Handlers } from '../../../lib/background/router';
import { envelope } from '../../../lib/messages';
import { ok } from '../../../lib/errors';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
const contentSender = { id: EXT_ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', frameId: 0, tab: { id: 7 } };
const pageSender = { id: EXT_ID, url: `${BASE}options.html` };
const record = { host: 'app.hubspot.com', portalId: '1', objectTypeId: '0-1' as const, recordId: '2' };

function setup() {
  const handlers: Handlers = {
    'panel.load': vi.fn(async () => ok({ state: 'signed_out' as const, backendUrl: 'http://localhost:8787', reachable: true })),
    'options.open': vi.fn(async () => ok({ opened: true })),
    'drafts.get': vi.fn(async () => ok({ fields: null })),
    'writes.create': vi.fn(async () => ok(null as never)),
    'writes.get': vi.fn(async () => ok(null as never)),
    'writes.retry': vi.fn(async () => ok(null as never)),
    'writes.list': vi.fn(async () => ok({ writes: [] })),
    'properties.editable': vi.fn(async () => ok({ properties: [], updatedAt: null })),
    'drafts.put': vi.fn(async () => ok({ saved: true })),
    'drafts.delete': vi.fn(async () => ok({ deleted: true })),
    'settings.get': vi.fn(async () => ok({ backendUrl: 'x', defaultBackendUrl: 'x' })),
    'settings.setBackendUrl': vi.fn(async ({ backendUrl }) => ok({ backendUrl })),
  };
  const warn = vi.fn();
  const route = createRouter(handlers, { extensionId: EXT_ID, extensionBaseUrl: BASE, log: { warn } });
  return { handlers, warn, route };
}

describe('classifySender', () => {
  it.each([
    [contentSender, 'content'],
    [pageSender, 'page'],
    [{ ...contentSender, id: 'other-extension' }, null],
    [{ ...contentSender, frameId: 3 }, null],
    [{ ...contentSender, tab: undefined }, null],
    [{ ...contentSender, url: 'https://evil.example/contacts/1/record/0-1/2' }, null],
    [{ ...contentSender, url: 'http://app.hubspot.com/contacts/1/record/0-1/2' }, null],
    [{ ...contentSender, url: 'https://www.hubspot.com/' }, null],
    [{ id: EXT_ID }, null],
    [{}, null],
  ] as const)('%j → %s', (sender, kind) => {
    expect(classifySender(sender, EXT_ID, BASE)).toBe(kind);
  });
});

describe('createRouter', () => {
  it('routes a valid message from a content script', async () => {
    const { route, handlers } = setup();
    const reply = await route(envelope('panel.load', { record }), contentSender);
    expect(reply).toEqual({ ok: true, data: { state: 'signed_out', backendUrl: 'http://localhost:8787', reachable: true } });
    expect(handlers['panel.load']).toHaveBeenCalledWith({ record }, { sender: 'content', tabId: 7 });
  });

  it('ignores senders that are not this extension', async () => {
    const { route, handlers, warn } = setup();
    expect(route(envelope('panel.load', { record }), { ...contentSender, id: 'x' })).toBeUndefined();
    expect(handlers['panel.load']).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('message.dropped', expect.objectContaining({ reason: 'sender' }));
  });

  it('refuses page-only actions from content scripts', async () => {
    const { route, handlers } = setup();
    const reply = await route(envelope('settings.setBackendUrl', { backendUrl: 'https://evil.example' }), contentSender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers['settings.setBackendUrl']).not.toHaveBeenCalled();
  });

  it.each([
    null,
    undefined,
    42,
    'panel.load',
    [],
    { action: 'panel.load' },
    { portside: 2, action: 'panel.load', payload: { record } },
    { portside: 1, action: 'fetch', payload: { url: 'https://evil.example' } },
    { portside: 1, action: 'panel.load', payload: { record }, extra: true },
    { portside: 1, action: 'panel.load', payload: { record: { ...record, recordId: '../1' } } },
    { portside: 1, action: 'panel.load', payload: { record, url: 'https://evil.example' } },
    { portside: 1, action: '__proto__', payload: {} },
    { portside: 1, action: 'constructor', payload: {} },
  ])('drops malformed message %j without calling a handler', async (message) => {
    const { route, handlers, warn } = setup();
    const reply = await route(message, contentSender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    for (const h of Object.values(handlers)) expect(h).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
  });

  it('turns a throwing handler into an error value', async () => {
    const { route, handlers } = setup();
    vi.mocked(handlers['panel.load']).mockRejectedValueOnce(new Error('boom secret'));
    const reply = await route(envelope('panel.load', { record }), contentSender);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: expect.not.stringContaining('secret') } });
  });
});
