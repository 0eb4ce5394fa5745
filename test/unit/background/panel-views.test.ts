import { describe, expect, it } from 'vitest';
import { createPanelViews, JOIN_WINDOW_MS } from '../../../lib/extension/background/panel-views';
import { createBackgroundCore } from '../../../lib/extension/background/core';
import { withSessionMarker } from '../../../lib/extension/background/session-marker';
import { BACKEND_URL_KEY, type KeyValueArea } from '../../../lib/extension/background/settings';
import { createTokenStore, type PersistentSlot } from '../../../lib/extension/background/token-store';
import type { CurrentSession } from '../../../lib/extension/background/session-memo';
import type { PanelData } from '../../../lib/extension/panel-data';
import type { RecordRef } from '../../../lib/extension/messages';

const SERVER = 'https://portside.example.com';
const rec = (recordId: string) => ({ host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId });
const A = rec('101');
const B = rec('102');

/** Views over a session the test sets, with a loader that records each request and answers when told. */
function world() {
  let session: CurrentSession = { baseUrl: SERVER, token: 'tok-tina' };
  let clock = 0;
  const loads: Array<{ token: string | null; recordId: string; answer(d: PanelData): void }> = [];
  const views = createPanelViews({
    session: async () => session,
    load: (s: CurrentSession, record: RecordRef) =>
      new Promise<PanelData>((resolve) => loads.push({ token: s.token, recordId: record.recordId, answer: resolve })),
    now: () => clock,
  });
  const answerAll = async () => {
    for (const l of loads) l.answer({ state: 'error', code: 'x', message: `for ${l.token} ${l.recordId}` });
    await new Promise((r) => setTimeout(r, 0));
  };
  return { views, loads, answerAll, setSession: (s: CurrentSession) => (session = s), tick: (ms: number) => (clock += ms) };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const msg = (d: PanelData) => (d.state === 'error' ? d.message : d.state);

describe('panel views started from the tab URL', () => {
  it('two loads, one request: the panel joins the view the URL change started', async () => {
    const w = world();
    await w.views.onTabUrl(7, A, true);
    const joined = w.views.load(7, A);
    await w.answerAll();
    expect(w.loads.map((l) => l.recordId)).toEqual(['101']);
    expect(msg(await joined)).toBe('for tok-tina 101');
  });

  it("moving from contact 101 to deal 101 starts the deal's view, and the deal's panel never gets the contact's", async () => {
    const w = world();
    const deal = { ...A, objectTypeId: '0-3' as const };
    await w.views.onTabUrl(7, A, true);
    await w.views.onTabUrl(7, deal, true);
    const answer = w.views.load(7, deal);
    await flush();
    expect(w.loads.map((l) => l.recordId)).toEqual(['101', '101']);
    w.loads[0]!.answer({ state: 'error', code: 'x', message: 'the contact' });
    w.loads[1]!.answer({ state: 'error', code: 'x', message: 'the deal' });
    expect(msg(await answer)).toBe('the deal');
  });

  it('a view started for one session is never served to another', async () => {
    const w = world();
    await w.views.onTabUrl(7, A, true);
    // Another member signed in on the options page before the panel asked.
    w.setSession({ baseUrl: SERVER, token: 'tok-oscar' });
    const answer = w.views.load(7, A);
    await flush();
    await w.answerAll();
    expect(w.loads.map((l) => l.token)).toEqual(['tok-tina', 'tok-oscar']);
    expect(msg(await answer)).toBe('for tok-oscar 101');
  });

  it('is joined only by the same tab, the same record, once, and within the join window', async () => {
    const w = world();
    await w.views.onTabUrl(7, A, true);
    await w.answerAll();
    // Another tab, another record: their own requests.
    void w.views.load(8, A);
    void w.views.load(7, B);
    await flush();
    expect(w.loads).toHaveLength(3);
    // The tab's own load joins; a second load (a refresh) asks again.
    expect(msg(await w.views.load(7, A))).toBe('for tok-tina 101');
    expect(w.loads).toHaveLength(3);
    void w.views.load(7, A);
    await flush();
    expect(w.loads).toHaveLength(4);
    // An answer older than the join window is not served.
    await w.views.onTabUrl(9, B, true);
    await w.answerAll();
    w.tick(JOIN_WINDOW_MS + 1);
    void w.views.load(9, B);
    await flush();
    expect(w.loads.map((l) => l.recordId).slice(-2)).toEqual(['102', '102']);
  });

  it('starts nothing when signed out, without a live panel, or for the record already shown', async () => {
    const w = world();
    w.setSession({ baseUrl: SERVER, token: null });
    await w.views.onTabUrl(7, A, true);
    w.setSession({ baseUrl: SERVER, token: 'tok-tina' });
    await w.views.onTabUrl(8, A, false);
    expect(w.loads).toHaveLength(0);
    await w.views.onTabUrl(9, A, true);
    // A sub-tab of the same record: the panel does not ask again, so nothing starts.
    await w.views.onTabUrl(9, A, true);
    expect(w.loads).toHaveLength(1);
    // Away from records and back: the panel asks again, so a view starts again.
    await w.views.onTabUrl(9, null, true);
    await w.views.onTabUrl(9, A, true);
    expect(w.loads).toHaveLength(2);
  });

  it("starts nothing when the panel's message overtook the URL event: one request, not two", async () => {
    const w = world();
    const asked = w.views.load(7, A);
    await w.views.onTabUrl(7, A, true);
    await flush();
    expect(w.loads).toHaveLength(1);
    // Even when the URL event was already waiting for the session as the message came.
    const urlEvent = w.views.onTabUrl(7, B, true);
    void w.views.load(7, B);
    await urlEvent;
    await flush();
    expect(w.loads.map((l) => l.recordId)).toEqual(['101', '102']);
    await w.answerAll();
    expect(msg(await asked)).toBe('for tok-tina 101');
  });

  it('drops the view started for a record the tab has left', async () => {
    const w = world();
    await w.views.onTabUrl(7, A, true);
    await w.views.onTabUrl(7, null, true);
    void w.views.load(7, A);
    await flush();
    expect(w.loads).toHaveLength(2);
  });

  it('forgets a closed tab, and every started view when the session changes', async () => {
    const w = world();
    await w.views.onTabUrl(7, A, true);
    await w.views.onTabUrl(8, A, true);
    w.views.forgetTab(7);
    w.views.clear();
    void w.views.load(7, A);
    void w.views.load(8, A);
    await flush();
    expect(w.loads).toHaveLength(4);
  });
});

describe('panel views in the background core', () => {
  const memoryArea = (): KeyValueArea & { data: Record<string, unknown> } => {
    const data: Record<string, unknown> = {};
    return {
      data,
      get: async (k) => (k in data ? { [k]: data[k] } : {}),
      set: async (items) => void Object.assign(data, items),
      remove: async (k) => {
        for (const key of Array.isArray(k) ? k : [k]) delete data[key];
      },
    };
  };
  const noSlot: PersistentSlot = { read: async () => null, write: async () => {}, clear: async () => {} };

  it('sends each view with the token it was started for; a sign-in in between is never answered with the previous member', async () => {
    const local = memoryArea();
    local.data[BACKEND_URL_KEY] = SERVER;
    const sent: string[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      sent.push(auth);
      return new Response(JSON.stringify({ error: { code: 'not_linked', message: `as ${auth}` } }), { status: 403, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const core = createBackgroundCore({ local, fetch, tokens: withSessionMarker(createTokenStore(memoryArea(), noSlot), local) });
    await core.tokens.set('tok-tina', false, SERVER);
    await core.views.onTabUrl(3, A, true);
    await core.tokens.set('tok-oscar', false, SERVER);
    const answer = await core.views.load(3, A);
    expect(sent.filter((a) => a.startsWith('Bearer tok-tina')).length).toBeGreaterThan(0);
    expect(answer).toMatchObject({ state: 'not_linked', message: 'as Bearer tok-oscar' });
  });
});
