import { BACKEND_URL_KEY, getBackendUrl, setBackendUrl, type KeyValueArea } from './settings';
import { SESSION_MARKER_KEY } from './session-marker';
import { SESSION_TOKEN_KEYS, type TokenStore } from './token-store';
import type { StorageEvents } from '../content/session-watch';

/** The server the background talks to and the token that server issued (null: signed out). */
export interface CurrentSession {
  baseUrl: string;
  token: string | null;
}

export interface SessionMemoDeps {
  local: KeyValueArea;
  /** The token store every sign-in, sign-out and expiry goes through (with its session marker). */
  tokens: TokenStore;
  /** `storage.onChanged`: a change made outside this memo (another extension context) refreshes it. */
  events?: StorageEvents;
}

/**
 * The backend address and session token, read from storage once per background life instead of
 * three storage reads before every request (the panel's hot path). Correctness rests on the memo
 * never answering from a state older than storage:
 *  - every token write and address change the background makes goes through `tokens` and
 *    `setBackendUrl` here; while one is under way nothing is cached (each reader goes to storage,
 *    as before the memo), and when it ends the memo is dropped, before the caller continues. So a
 *    panel that re-asks because the session marker changed always gets the new session;
 *  - a storage change made anywhere else (the address, the marker or the token itself) drops it too.
 * Listeners hear every drop (the in-flight panel views are keyed by session and are dropped then).
 */
export function createSessionMemo(deps: SessionMemoDeps) {
  let cached: Promise<CurrentSession> | null = null;
  let writing = 0;
  const listeners = new Set<() => void>();

  const read = async (): Promise<CurrentSession> => {
    const baseUrl = await getBackendUrl(deps.local);
    return { baseUrl, token: await deps.tokens.get(baseUrl) };
  };
  const drop = () => {
    cached = null;
    for (const cb of listeners) cb();
  };
  const current = (): Promise<CurrentSession> => {
    if (writing > 0) return read();
    if (!cached) {
      const p = read();
      cached = p;
      // A failed read is not kept: the next caller tries storage again.
      p.catch(() => cached === p && (cached = null));
    }
    return cached;
  };
  const whileWriting = async <T>(write: () => Promise<T>): Promise<T> => {
    writing++;
    drop();
    try {
      return await write();
    } finally {
      writing--;
      drop();
    }
  };

  deps.events?.onChanged.addListener((changes, area) => {
    const keys = Object.keys(changes);
    if (area === 'local' && (keys.includes(BACKEND_URL_KEY) || keys.includes(SESSION_MARKER_KEY))) drop();
    if (area === 'session' && keys.some((k) => SESSION_TOKEN_KEYS.includes(k))) drop();
  });

  const tokens: TokenStore = {
    // The memo's token is for the memo's server only; any other server asks the store, which
    // hands a token to its issuer only.
    async get(server) {
      const s = await current();
      return s.baseUrl === server ? s.token : deps.tokens.get(server);
    },
    set: (token, staySignedIn, server) => whileWriting(() => deps.tokens.set(token, staySignedIn, server)),
    clear: () => whileWriting(() => deps.tokens.clear()),
  };

  return {
    current,
    tokens,
    backendUrl: async () => (await current()).baseUrl,
    setBackendUrl: (url: string) => whileWriting(() => setBackendUrl(deps.local, url)),
    /** Called on every drop; returns the unsubscribe function. */
    onChange(cb: () => void): () => void {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
export type SessionMemo = ReturnType<typeof createSessionMemo>;
