import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/extension/background/handlers';
import { createRouter, type SenderFacts } from '../../../lib/extension/background/router';
import type { KeyValueArea } from '../../../lib/extension/background/settings';
import { DEFAULT_BACKEND_URL } from '../../../lib/extension/extension-config';
import { ACTION_NAMES, actions, type ActionName } from '../../../lib/extension/messages';
import { mutateObject } from './fuzz/arbitraries';

/**
 * The extension boundary, in Node: the real router and the real handlers with a recording fetch.
 * A content script runs next to HubSpot's page and must be treated as compromised, so:
 *  - it may ask for exactly the panel's actions (the table below; a new one is a deliberate edit);
 *  - whatever it sends, and whatever a foreign sender sends, the background fetches nothing but
 *    the configured backend origin with a path from the API's allow-list.
 */

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT}/`;

const CONTENT_ACTIONS = ['panel.load', 'options.open', 'writes.create', 'writes.get', 'writes.retry', 'writes.list', 'properties.editable', 'tasks.options', 'calls.outcomes', 'drafts.get', 'drafts.put', 'drafts.delete'];

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1', recordId: '101' };
/** One valid request per action: the fuzzer breaks these one field at a time. */
const EXAMPLES: Record<ActionName, Record<string, unknown>> = {
  'panel.load': { record },
  'options.open': {},
  'writes.create': { record, idempotencyKey: uuid, body: { kind: 'note', body: 'hi' }, viewer: { memberId: uuid, email: 'a@example.com' } },
  'writes.get': { writeId: uuid },
  'writes.retry': { writeId: uuid },
  'writes.list': { record },
  'properties.editable': { objectType: '0-3' },
  'tasks.options': {},
  'calls.outcomes': {},
  'drafts.get': { key: { portalId: '1', objectType: '0-1', recordId: '2', kind: 'note' } },
  'drafts.put': { key: { portalId: '1', objectType: '0-1', recordId: '2', kind: 'note' }, fields: { body: 'x' } },
  'drafts.delete': { key: { portalId: '1', objectType: '0-1', recordId: '2', kind: 'note' } },
  'session.get': {},
  'session.signIn': { email: 'a@example.test', password: 'long enough pw' },
  'session.createWorkspace': { workspaceName: 'W', email: 'a@example.test' },
  'session.inspectInvite': { code: 'A'.repeat(43) },
  'session.acceptInvite': { code: 'A'.repeat(43), password: 'long enough pw' },
  'session.signOut': {},
  'session.changePassword': { currentPassword: 'long enough pw', newPassword: 'long enough pw 2' },
  'members.list': {},
  'members.invite': { email: 'b@example.test', role: 'member' },
  'members.setRole': { memberId: uuid, role: 'admin' },
  'members.setStatus': { memberId: uuid, action: 'disable' },
  'members.resetAccess': { memberId: uuid },
  'install.status': {},
  'install.begin': { reconnect: false },
  'install.ticket': { ticketId: uuid },
  'install.confirm': { ticketId: uuid, replace: true },
  'install.disconnect': { force: false },
  'identity.members': {},
  'identity.link': { memberId: 'abc_DEF-1', hubspotUserId: '5006' },
  'identity.unlink': { memberId: 'abc_DEF-1' },
  'identity.setLevels': { memberId: 'abc_DEF-1', levels: null },
  'identity.sync': {},
  'properties.definitions': {},
  'properties.setEditable': { properties: ['city'] },
  'audit.export': { format: 'csv', from: '2026-01-01' },
  'settings.get': {},
  'settings.setBackendUrl': { backendUrl: 'https://evil.example' },
  'session.verifyWorkspace': { email: 'a@example.test', code: '12345678', password: 'long enough pw' },
  'session.requestEmailCode': {},
  'session.verifyEmail': { code: '12345678' },
  'identity.me': {},
  'identity.requestLinkProof': {},
  'identity.verifyLinkProof': { code: '12345678' },
  'identity.setObjectLevels': { memberId: 'abc_DEF-1', objectType: '0-3', levels: { access: 'none' } },
  'identity.clearObjectLevels': { memberId: 'abc_DEF-1', objectType: '0-5' },
  'pipelines.access': { objectType: '0-3' },
  'properties.objectDefinitions': { objectType: '0-2' },
  'properties.setObjectEditable': { objectType: '0-3', properties: ['amount'] },
  'pipelines.setAccess': { objectType: '0-5', access: { allUnrestricted: false, rules: [{ pipelineId: 'default', access: 'restricted', teamIds: ['7'], userIds: [] }] } },
};

const ID = '[1-9]\\d{0,17}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ALLOWED_PATHS = new RegExp(
  `^(/healthz|/api/v1/(me|me/password|me/email/(code|verify)|auth/sign-in|auth/sign-out|workspaces|workspaces/verify|invites/inspect|invites/accept|members|members/${UUID}/(role|disable|enable|reset-access)` +
    `|portals/${ID}/objects/(0-1|0-2|0-3|0-5)/${ID}/(view|writes|writes\\?limit=\\d+)|writes/${UUID}(/retry)?|settings/(editable-properties(\\?objectType=(0-1|0-2|0-3|0-5))?|contact-properties|task-options|call-outcomes|pipeline-access/0-[35]|object-properties/0-[1235])` +
    `|identity/(me|me/link-proof|me/link-proof/verify|members|sync|members/[A-Za-z0-9_-]{1,64}/(link|permissions|permissions/0-[235]))|install|install/tickets|install/tickets/${UUID}(/confirm)?|install/disconnect` +
    `|audit/export\\?format=(csv|jsonl)(&from=\\d{4}-\\d{2}-\\d{2})?(&to=\\d{4}-\\d{2}-\\d{2})?))$`,
  'i',
);

function world() {
  const data: Record<string, unknown> = {};
  const local: KeyValueArea = {
    get: async (k) => (k in data ? { [k]: data[k] } : {}),
    set: async (items) => void Object.assign(data, items),
    remove: async (k) => void [k].flat().forEach((x) => delete data[x]),
  };
  const fetched: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    fetched.push(String(input));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const handlers = createHandlers({ local, fetch, hasOriginPermission: async () => false, tokens: { get: async () => 'tok', set: async () => {}, clear: async () => {} }, openOptions: async () => {}, openInstallTab: async () => false });
  const route = createRouter(handlers, { extensionId: EXT, extensionBaseUrl: BASE, log: { warn: () => {} } });
  return { route, fetched, data };
}

const senders: Record<string, SenderFacts> = {
  content: { id: EXT, url: 'https://app.hubspot.com/contacts/1001/record/0-1/101', frameId: 0, tab: { id: 7 } },
  'content in an iframe': { id: EXT, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', frameId: 4, tab: { id: 7 } },
  'another extension': { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'https://app.hubspot.com/contacts/1/record/0-1/2', frameId: 0, tab: { id: 7 } },
  'a web page': { id: EXT, url: 'https://evil.example/contacts/1/record/0-1/2', frameId: 0, tab: { id: 7 } },
};

describe('the content script can ask only for the panel actions', () => {
  it('the protocol gives content scripts exactly this list', () => {
    expect(ACTION_NAMES.filter((a) => (actions[a].from as readonly string[]).includes('content')).sort()).toEqual([...CONTENT_ACTIONS].sort());
  });
  it('every action has a valid example here (a new action needs one)', () => {
    for (const a of ACTION_NAMES) expect(actions[a].request.safeParse(EXAMPLES[a]).success, a).toBe(true);
  });
  it.each(ACTION_NAMES.filter((a) => !CONTENT_ACTIONS.includes(a)))('%s from a content script: refused, nothing fetched, nothing stored', async (action) => {
    const w = world();
    const r = await w.route({ portside: 1, action, payload: EXAMPLES[action] }, senders.content!);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(w.fetched).toEqual([]);
    expect(w.data).toEqual({});
  });
});

describe('no message makes the background fetch anything but the backend API', () => {
  const message = fc.oneof(
    fc.constantFrom(...ACTION_NAMES).chain((action) => mutateObject(EXAMPLES[action]).map((payload) => ({ portside: 1, action, payload }))),
    fc.constantFrom(...ACTION_NAMES).map((action) => ({ portside: 1, action, payload: EXAMPLES[action] })),
    fc.anything(),
  );
  it('property: any sender, any message → only <backend>/<allow-listed path>', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(senders)), message, async (who, msg) => {
        const w = world();
        await w.route(msg, senders[who]!);
        for (const url of w.fetched) {
          expect(url.startsWith(`${DEFAULT_BACKEND_URL}/`), url).toBe(true);
          expect(url.slice(DEFAULT_BACKEND_URL.length), url).toMatch(ALLOWED_PATHS);
        }
        if (who !== 'content') expect(w.fetched).toEqual([]);
      }),
      { numRuns: Number(process.env.PORTSIDE_FUZZ_RUNS ?? 1_000) },
    );
  });
});
