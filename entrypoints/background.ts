import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createHandlers } from '../lib/background/handlers';
import { createRouter } from '../lib/background/router';
import { createTokenStore, indexedDbSlot } from '../lib/background/token-store';

// The panel's bundle (React and the rest) is injected only into record pages; see lib/content/panel-loader.ts.
const PANEL_SCRIPT = '/content-scripts/panel.js';

async function injectPanelScript(tabId: number): Promise<void> {
  // Chrome MV3 and Firefox both have the scripting API; tabs.executeScript is the MV2 fallback.
  if (browser.scripting) await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PANEL_SCRIPT] });
  else await browser.tabs.executeScript(tabId, { file: PANEL_SCRIPT, frameId: 0 });
}

export default defineBackground(() => {
  const router = createRouter(
    createHandlers({
      local: browser.storage.local,
      fetch: (...args) => fetch(...args),
      hasOriginPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
      tokens: createTokenStore(browser.storage.session, indexedDbSlot(indexedDB)),
      openOptions: () => browser.runtime.openOptionsPage(),
      injectPanel: (tabId) => injectPanelScript(tabId),
    }),
    {
      extensionId: browser.runtime.id,
      extensionBaseUrl: browser.runtime.getURL('/'),
      log: { warn: (event, fields) => console.warn(`[portside] ${event}`, fields) },
    },
  );
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));
});
