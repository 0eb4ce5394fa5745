import type { KeyValueArea } from './settings';
import type { TokenStore } from './token-store';

/**
 * A non-secret sign that the session changed, kept in `storage.local` where content scripts and
 * extension pages can watch it (they never see the token itself). Every open panel, options page
 * and popup re-asks the background when it changes, so none keeps showing a member who is no
 * longer signed in.
 */
export const SESSION_MARKER_KEY = 'portside.sessionEpoch';

const freshMarker = () => crypto.randomUUID();

/**
 * The token store as the background uses it: every set and clear (sign-in, sign-up, invite
 * accepted, sign-out, an expired session or a changed server address) also writes a new marker.
 * A random id, not a counter, so two contexts writing at once can never leave the same value.
 */
export function withSessionMarker(tokens: TokenStore, local: KeyValueArea): TokenStore {
  const bump = () => local.set({ [SESSION_MARKER_KEY]: freshMarker() });
  return {
    get: (server) => tokens.get(server),
    async set(token, staySignedIn, server) {
      await tokens.set(token, staySignedIn, server);
      await bump();
    },
    async clear() {
      await tokens.clear();
      await bump();
    },
  };
}
