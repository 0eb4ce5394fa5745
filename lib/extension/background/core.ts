import { createBackendClient } from '../backend-client';
import type { StorageEvents } from '../content/session-watch';
import { loadPanel } from './panel-load';
import { createPanelViews } from './panel-views';
import { createSessionMemo } from './session-memo';
import type { KeyValueArea } from './settings';
import type { TokenStore } from './token-store';
import { trace } from './trace';

export interface CoreDeps {
  local: KeyValueArea;
  fetch: typeof fetch;
  tokens: TokenStore;
  /** `storage.onChanged`; without it only the background's own changes refresh the session memo. */
  storageEvents?: StorageEvents;
}

/**
 * What every part of the background shares: the session memo (address and token), the backend
 * client built on it, the panel views started ahead of the panel's request, and the signal that
 * cancels every request to a server the admin just moved away from.
 */
export function createBackgroundCore(deps: CoreDeps) {
  // Every request made for the current server address; aborted when the address changes.
  let inFlight = new AbortController();
  const session = createSessionMemo({ local: deps.local, tokens: deps.tokens, events: deps.storageEvents });
  const views = createPanelViews({
    session: session.current,
    async load(s, record, tabId) {
      // The token is the one this view was keyed by: the request can only ever carry that session.
      const client = createBackendClient({ baseUrl: s.baseUrl, fetch: deps.fetch, token: async (server) => (server === s.baseUrl ? s.token : null), signal: inFlight.signal });
      trace('fetch.start', { tabId });
      const data = await loadPanel(client, s.token, record);
      trace('fetch.end', { tabId });
      return data;
    },
  });
  session.onChange(() => views.clear());
  return {
    session,
    /** The token store to use everywhere in the background: its writes keep the memo true. */
    tokens: session.tokens,
    views,
    client: async () => createBackendClient({ baseUrl: await session.backendUrl(), fetch: deps.fetch, token: session.tokens.get, signal: inFlight.signal }),
    /** Cancels what is still running against the current server (its address is being changed). */
    abortInFlight() {
      inFlight.abort();
      inFlight = new AbortController();
    },
  };
}
export type BackgroundCore = ReturnType<typeof createBackgroundCore>;
