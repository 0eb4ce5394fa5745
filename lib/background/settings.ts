import { BACKEND_URL_KEY } from './backend-url-key';
import { DEFAULT_BACKEND_URL } from '../extension-config';
import { fail, ok, type Result } from '../errors';

/** The storage surface the background needs; `browser.storage.local` fits, and so does a fake. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string | string[]): Promise<void>;
}

export { BACKEND_URL_KEY };

/**
 * Normalises a backend URL typed by an admin. https is required except on loopback, so a
 * session token is never sent in clear text over a network.
 */
export function normaliseBackendUrl(input: string): Result<string> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return fail('bad_request', 'Enter a full address, like https://portside.example.com.');
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return fail('bad_request', 'The server address must start with https:// (http:// is only allowed for localhost).');
  }
  if (url.username || url.password || url.search || url.hash) {
    return fail('bad_request', 'The server address must not contain a user name, query or fragment.');
  }
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

export function originPattern(backendUrl: string): string {
  const url = new URL(backendUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export async function getBackendUrl(area: KeyValueArea): Promise<string> {
  const stored = (await area.get(BACKEND_URL_KEY))[BACKEND_URL_KEY];
  if (typeof stored === 'string') {
    const n = normaliseBackendUrl(stored);
    if (n.ok) return n.data;
  }
  return DEFAULT_BACKEND_URL;
}

export async function setBackendUrl(area: KeyValueArea, url: string): Promise<void> {
  await area.set({ [BACKEND_URL_KEY]: url });
}
