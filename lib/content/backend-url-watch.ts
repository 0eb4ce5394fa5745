import { BACKEND_URL_KEY } from '../background/settings';

/** The part of `browser.storage` this needs: content scripts and extension pages both have it. */
export interface StorageEvents {
  onChanged: {
    addListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
    removeListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
  };
}

/**
 * Calls `onChange` when the server address changes, in whichever extension context changed it.
 * The background forgets the session at that moment (a session belongs to the server that issued
 * it), so every open panel and options page re-asks the background and shows "signed out"
 * instead of the previous server's data. Returns the unsubscribe function.
 */
export function watchBackendUrl(storage: StorageEvents, onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && BACKEND_URL_KEY in changes) onChange();
  };
  storage.onChanged.addListener(listener);
  return () => storage.onChanged.removeListener(listener);
}
