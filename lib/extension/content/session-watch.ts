import { BACKEND_URL_KEY } from '../background/backend-url-key';
import { SESSION_MARKER_KEY } from '../background/session-marker';

/** The part of `browser.storage` this needs: content scripts and extension pages both have it. */
export interface StorageEvents {
  onChanged: {
    addListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
    removeListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
  };
}

/**
 * Calls `onChange` when the server address or the session changes, in whichever extension context
 * changed it. The background forgets the session when the address changes (a session belongs to
 * the server that issued it), and writes a new session marker on every sign-in, sign-out or
 * expiry; so every open panel and options page re-asks the background and shows who is signed in
 * now instead of who was. Returns the unsubscribe function.
 */
export function watchSession(storage: StorageEvents, onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && (BACKEND_URL_KEY in changes || SESSION_MARKER_KEY in changes)) onChange();
  };
  storage.onChanged.addListener(listener);
  return () => storage.onChanged.removeListener(listener);
}
