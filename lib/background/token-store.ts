/**
 * Where the background keeps the rep's Portside session token. Content scripts can read
 * `storage.local`, so the token never goes there:
 *  - by default it lives in `storage.session` (memory only, gone when the browser closes; not
 *    exposed to content scripts in Chrome or Firefox);
 *  - with "stay signed in" it is also kept in the extension origin's IndexedDB, which belongs to
 *    the extension's own pages and background, never to a content script or a web page.
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
  get(): Promise<string | null>;
  set(token: string, staySignedIn: boolean): Promise<void>;
  clear(): Promise<void>;
}

const KEY = 'portside.sessionToken';

export function createTokenStore(session: SessionArea, persistent: PersistentSlot): TokenStore {
  return {
    async get() {
      const current = (await session.get(KEY))[KEY];
      if (typeof current === 'string') return current;
      const kept = await persistent.read();
      if (kept) await session.set({ [KEY]: kept });
      return kept;
    },
    async set(token, staySignedIn) {
      await session.set({ [KEY]: token });
      if (staySignedIn) await persistent.write(token);
      else await persistent.clear();
    },
    async clear() {
      await session.remove(KEY);
      await persistent.clear();
    },
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
