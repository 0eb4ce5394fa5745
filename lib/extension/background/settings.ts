import { BACKEND_URL_KEY } from './backend-url-key';
import { DEFAULT_BACKEND_URL } from '../extension-config';
import { normaliseBackendUrl } from '../backend-url';

/** The storage surface the background needs; `browser.storage.local` fits, and so does a fake. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string | string[]): Promise<void>;
}

export { BACKEND_URL_KEY };

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
