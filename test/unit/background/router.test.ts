import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, type Handlers } from '../../../lib/extension/background/router';
import { ACTION_NAMES, actions, envelope } from '../../../lib/extension/messages';
import { ok } from '../../../lib/contract/errors';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
const contentSender = { id: EXT_ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', frameId: 0, tab: { id: 7 } };
const pageSender = { id: EXT_ID, url: `${BASE}options.html` };
const record = { host: 'app.hubspot.com', portalId: '1', objectTypeId: '0-1' as const, recordId: '2' };

function setup() {
  // Every action gets a spy; the ones a test looks at answer something realistic.
  const handlers = Object.fromEntries(ACTION_NAMES.map((a) => [a, vi.fn(async () => ok({}))])) as unknown as Handlers;
  handlers['panel.load'] = vi.fn(async () => ok({ state: 'signed_out' as const, backendUrl: 'http://localhost:8787', reachable: true }));
  handlers['settings.setBackendUrl'] = vi.fn(async ({ backendUrl }) => ok({ backendUrl }));

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

  it('lets content scripts use only the panel actions', () => {
    const contentActions = ACTION_NAMES.filter((a) => (actions[a].from as readonly string[]).includes('content'));
    // Everything else (sign-in, admin, settings) belongs to the options page alone.
    expect(contentActions.sort()).toEqual(
      ['calls.outcomes', 'drafts.delete', 'drafts.get', 'drafts.put', 'options.open', 'panel.load', 'properties.editable', 'tasks.options', 'writes.create', 'writes.get', 'writes.list', 'writes.retry'].sort(),
    );
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
