/**
 * Where the background keeps the address; extension pages and the panel follow changes to it.
 * A module of its own so the panel's session watch reads it without bundling settings.ts's
 * validation (lib/contract/errors, zod) into the content script.
 */
export const BACKEND_URL_KEY = 'settings.backendUrl';
