import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createHandlers } from '../lib/background/handlers';
import { createPanelInjector } from '../lib/background/panel-injector';
import { createRouter } from '../lib/background/router';
import { createTokenStore, indexedDbSlot } from '../lib/background/token-store';
import { HUBSPOT_CONTACT_MATCHES } from '../lib/extension-config';
import { PANEL_FLAG } from '../lib/content/panel-flag';

const PANEL_SCRIPT = '/content-scripts/panel.js';
const log = { warn: (event: string, fields: Record<string, unknown>) => console.warn(`[portside] ${event}`, fields) };

export default defineBackground(() => {
  const router = createRouter(
    createHandlers({
      local: browser.storage.local,
      fetch: (...args) => fetch(...args),
      hasOriginPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
      tokens: createTokenStore(browser.storage.session, indexedDbSlot(indexedDB)),
      openOptions: () => browser.runtime.openOptionsPage(),
    }),
    { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL('/'), log },
  );
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));

  // The panel goes only into the top frame of HubSpot tabs showing a contact record.
  const injector = createPanelInjector({
    hasPanel: async (tabId) => {
      const [first] = await browser.scripting.executeScript({
        target: { tabId, frameIds: [0] },
        func: (flag: string) => (globalThis as Record<string, unknown>)[flag] === true,
        args: [PANEL_FLAG],
      });
      return first?.result === true;
    },
    inject: async (tabId) => {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PANEL_SCRIPT] });
    },
    log,
  });
  // A URL change arrives for page loads and for HubSpot's history.pushState navigation, a finished
  // load for reloads; host access to HubSpot is what lets the background read those tabs' URLs.
  browser.tabs.onUpdated.addListener((tabId, change, tab) => void injector.onTabUpdated(tabId, change, tab));
  // Tabs already open when the extension starts (installed, updated or the browser restarted).
  void browser.tabs.query({ url: HUBSPOT_CONTACT_MATCHES }).then((tabs) => {
    for (const tab of tabs) if (tab.id !== undefined) void injector.onTabUrl(tab.id, tab.url);
  });
});
