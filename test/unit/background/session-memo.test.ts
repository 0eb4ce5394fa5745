import { describe, expect, it } from 'vitest';
import { createSessionMemo } from '../../../lib/extension/background/session-memo';
import { SESSION_MARKER_KEY, withSessionMarker } from '../../../lib/extension/background/session-marker';
import { BACKEND_URL_KEY, type KeyValueArea } from '../../../lib/extension/background/settings';
import { createTokenStore, SESSION_TOKEN_KEYS, type PersistentSlot } from '../../../lib/extension/background/token-store';
import type { StorageEvents } from '../../../lib/extension/content/session-watch';

/** A storage area that counts reads and can run a hook on every write (what a content script would see). */
function area(onSet?: (items: Record<string, unknown>) => void) {
  const data: Record<string, unknown> = {};
  const counter = { reads: 0 };
  const a: KeyValueArea = {
    get: async (k) => {
      counter.reads++;
      return k in data ? { [k]: data[k] } : {};
    },
    set: async (items) => {
      Object.assign(data, items);
      onSet?.(items);
    },
    remove: async (k) => {
      for (const key of Array.isArray(k) ? k : [k]) delete data[key];
    },
  };
  return Object.assign(a, { data, counter });
}

function events() {
  const listeners = new Set<(changes: Record<string, unknown>, area: string) => void>();
  const e: StorageEvents = { onChanged: { addListener: (cb) => void listeners.add(cb), removeListener: (cb) => void listeners.delete(cb) } };
  return { e, emit: (changes: Record<string, unknown>, name: string) => listeners.forEach((cb) => cb(changes, name)) };
}

const noSlot: PersistentSlot = { read: async () => null, write: async () => {}, clear: async () => {} };
const A = 'https://a.example.com';
const B = 'https://b.example.com';

/** The background's real token store and marker over fake storage, with the memo on top. */
function setup(onLocalSet?: (items: Record<string, unknown>) => void) {
  const local = area(onLocalSet);
  const session = area();
  const ev = events();
  local.data[BACKEND_URL_KEY] = A;
  const memo = createSessionMemo({ local, tokens: withSessionMarker(createTokenStore(session, noSlot), local), events: ev.e });
  return { local, session, memo, emit: ev.emit };
}

describe('session memo', () => {
  it('reads the address and token from storage once, not before every request', async () => {
    const { local, session, memo } = setup();
    await memo.tokens.set('tok-a', false, A);
    const before = local.counter.reads + session.counter.reads;
    for (let i = 0; i < 5; i++) expect(await memo.current()).toEqual({ baseUrl: A, token: 'tok-a' });
    // One read of the address and two of the token for the first call; none after.
    expect(local.counter.reads + session.counter.reads - before).toBe(3);
  });

  it('follows a change of the stored address or token made outside the background handlers', async () => {
    const { local, session, memo, emit } = setup();
    await memo.tokens.set('tok-a', false, A);
    expect(await memo.current()).toEqual({ baseUrl: A, token: 'tok-a' });
    local.data[BACKEND_URL_KEY] = B;
    // Storage changed but no event yet: the memo still answers what it read.
    expect((await memo.current()).baseUrl).toBe(A);
    emit({ [BACKEND_URL_KEY]: { newValue: B } }, 'local');
    // The token was issued by A: never handed out for B.
    expect(await memo.current()).toEqual({ baseUrl: B, token: null });

    local.data[BACKEND_URL_KEY] = A;
    session.data[SESSION_TOKEN_KEYS[0]!] = 'tok-other';
    session.data[SESSION_TOKEN_KEYS[1]!] = A;
    emit({ [SESSION_TOKEN_KEYS[0]!]: { newValue: 'tok-other' } }, 'session');
    expect(await memo.current()).toEqual({ baseUrl: A, token: 'tok-other' });
  });

  it('ignores changes to other keys and areas', async () => {
    const { local, memo, emit } = setup();
    expect((await memo.current()).baseUrl).toBe(A);
    local.data[BACKEND_URL_KEY] = B;
    emit({ 'drafts.x': { newValue: 1 } }, 'local');
    emit({ [BACKEND_URL_KEY]: { newValue: B } }, 'sync');
    expect((await memo.current()).baseUrl).toBe(A);
  });

  it('a sign-out is seen by every request that starts once the session marker changes', async () => {
    // What a panel does when the marker changes: ask the background at once. The memo must then
    // already answer the new (signed-out) session, even though the marker is written before the
    // sign-out call returns.
    let memo: ReturnType<typeof createSessionMemo>;
    const seenAtMarker: Array<Promise<unknown>> = [];
    const s = setup((items) => {
      if (SESSION_MARKER_KEY in items) seenAtMarker.push(memo.current());
    });
    memo = s.memo;
    await memo.tokens.set('tok-a', false, A);
    expect((await memo.current()).token).toBe('tok-a');
    seenAtMarker.length = 0;
    await memo.tokens.clear();
    expect(await Promise.all(seenAtMarker)).toEqual([{ baseUrl: A, token: null }]);
    expect(await memo.current()).toEqual({ baseUrl: A, token: null });
    expect(await memo.tokens.get(A)).toBeNull();
  });

  it('a read that starts while the token is being removed is never kept for later requests', async () => {
    let memo: ReturnType<typeof createSessionMemo>;
    const seenAtMarker: Array<Promise<unknown>> = [];
    const s = setup((items) => {
      if (SESSION_MARKER_KEY in items) seenAtMarker.push(memo.current());
    });
    memo = s.memo;
    await memo.tokens.set('tok-a', false, A);
    seenAtMarker.length = 0;
    // Storage is slow to remove the token; a request reads the session meanwhile (and still sees it).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const remove = s.session.remove;
    s.session.remove = async (k) => {
      await gate;
      await remove(k);
    };
    const clearing = memo.tokens.clear();
    expect((await memo.current()).token).toBe('tok-a');
    release();
    await clearing;
    expect(await Promise.all(seenAtMarker)).toEqual([{ baseUrl: A, token: null }]);
    expect((await memo.current()).token).toBeNull();
  });

  it('a sign-in as someone else is seen at once, and the address change through the memo too', async () => {
    const { memo } = setup();
    await memo.tokens.set('tok-oscar', false, A);
    expect((await memo.current()).token).toBe('tok-oscar');
    await memo.tokens.set('tok-tina', false, A);
    expect((await memo.current()).token).toBe('tok-tina');
    await memo.tokens.clear();
    await memo.setBackendUrl(B);
    expect(await memo.current()).toEqual({ baseUrl: B, token: null });
  });

  it('tells its listeners on every change', async () => {
    const { memo, emit } = setup();
    let heard = 0;
    const stop = memo.onChange(() => heard++);
    await memo.tokens.clear();
    const afterClear = heard;
    expect(afterClear).toBeGreaterThan(0);
    emit({ [SESSION_MARKER_KEY]: { newValue: 'x' } }, 'local');
    expect(heard).toBe(afterClear + 1);
    stop();
    emit({ [SESSION_MARKER_KEY]: { newValue: 'y' } }, 'local');
    expect(heard).toBe(afterClear + 1);
  });
});
