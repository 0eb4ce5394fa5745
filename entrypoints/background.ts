import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createHandlers } from '../lib/background/handlers';
import { createRouter } from '../lib/background/router';
import { createTokenStore, indexedDbSlot } from '../lib/background/token-store';

export default defineBackground(() => {
  const router = createRouter(
    createHandlers({
      local: browser.storage.local,
      fetch: (...args) => fetch(...args),
      hasOriginPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
      tokens: createTokenStore(browser.storage.session, indexedDbSlot(indexedDB)),
      openOptions: () => browser.runtime.openOptionsPage(),
    }),
    {
      extensionId: browser.runtime.id,
      extensionBaseUrl: browser.runtime.getURL('/'),
      log: { warn: (event, fields) => console.warn(`[portside] ${event}`, fields) },
    },
  );
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));
});
