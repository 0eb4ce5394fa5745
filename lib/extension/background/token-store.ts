import { z } from 'zod';

/**
 * Where the background keeps the rep's Portside session token. Content scripts can read
 * `storage.local`, so the token never goes there:
 *  - by default it lives in `storage.session` (memory only, gone when the browser closes; not
 *    exposed to content scripts in Chrome or Firefox);
 *  - with "stay signed in" it is also kept in the extension origin's IndexedDB, which belongs to
 *    the extension's own pages and background, never to a content script or a web page.
 * Either way it is kept with the server that issued it and handed out for that server only.
 */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string | string[]): Promise<void>;
}

export interface PersistentSlot {
  read(): Promise<string | null>;
  write(value: string): Promise<void>;
  clear(): Promise<void>;
}

export interface TokenStore {
  /** The token `server` issued, or null. A token issued by any other server is forgotten here. */
  get(server: string): Promise<string | null>;
  set(token: string, staySignedIn: boolean, server: string): Promise<void>;
  clear(): Promise<void>;
}

const KEY = 'portside.sessionToken';
// The server (normalised backend URL) that issued the token. A token is a bearer credential for
// that server only: when the address in options changes, or a sign-in to the old address answers
// after the change, the token must never be sent to the new one.
const SERVER_KEY = 'portside.sessionServer';
/** The `storage.session` keys the token store owns (lib/extension/background/session-memo.ts watches them). */
export const SESSION_TOKEN_KEYS: readonly string[] = [KEY, SERVER_KEY];
const Kept = z.object({ token: z.string().min(1), server: z.string().min(1) });

export function createTokenStore(session: SessionArea, persistent: PersistentSlot): TokenStore {
  const clear = async () => {
    await session.remove([KEY, SERVER_KEY]);
    await persistent.clear();
  };
  const readPersistent = async () => {
    const raw = await persistent.read();
    if (raw === null) return null;
    try {
      const kept = Kept.safeParse(JSON.parse(raw));
      if (kept.success) return kept.data;
    } catch {
      // Not JSON: a token kept before tokens were bound to a server. Its server is unknown.
    }
    return { token: '', server: '' };
  };
  return {
    async get(server) {
      const token = (await session.get(KEY))[KEY];
      const issuer = (await session.get(SERVER_KEY))[SERVER_KEY];
      const inSession = typeof token === 'string';
      const kept = inSession ? { token, server: typeof issuer === 'string' ? issuer : '' } : await readPersistent();
      if (!kept) return null;
      if (!kept.token || kept.server !== server) {
        await clear();
        return null;
      }
      if (!inSession) await session.set({ [KEY]: kept.token, [SERVER_KEY]: kept.server });
      return kept.token;
    },
    async set(token, staySignedIn, server) {
      await session.set({ [KEY]: token, [SERVER_KEY]: server });
      if (staySignedIn) await persistent.write(JSON.stringify({ token, server }));
      else await persistent.clear();
    },
    clear,
  };
}

/** A one-value IndexedDB slot in the extension's own origin. */
export function indexedDbSlot(idb: IDBFactory, dbName = 'portside', store = 'kv', key = 'session'): PersistentSlot {
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const req = fn(db.transaction(store, mode).objectStore(store));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  };
  return {
    read: async () => {
      const v = await run('readonly', (s) => s.get(key));
      return typeof v === 'string' ? v : null;
    },
    write: async (value) => void (await run('readwrite', (s) => s.put(value, key))),
    clear: async () => void (await run('readwrite', (s) => s.delete(key))),
  };
}
