import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { backendClientFor, createHandlers } from '../lib/background/handlers';
import { completeInstall } from '../lib/background/install';
import { createInstallTabs } from '../lib/background/install-tabs';
import { createPanelInjector } from '../lib/background/panel-injector';
import { createRouter } from '../lib/background/router';
import { createTokenStore, indexedDbSlot } from '../lib/background/token-store';
import { withSessionMarker } from '../lib/background/session-marker';
import { HUBSPOT_CONTACT_MATCHES } from '../lib/extension-config';
import { PANEL_FLAG } from '../lib/content/panel-flag';

const PANEL_SCRIPT = '/content-scripts/panel.js';
const log = { warn: (event: string, fields: Record<string, unknown>) => console.warn(`[portside] ${event}`, fields) };

export default defineBackground(() => {
  const base = {
    local: browser.storage.local,
    fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
    // Every session change is announced to open panels and pages through a marker in storage.local.
    tokens: withSessionMarker(createTokenStore(browser.storage.session, indexedDbSlot(indexedDB)), browser.storage.local),
  };
  const client = backendClientFor(base);
  const installTabs = createInstallTabs({
    session: browser.storage.session,
    tabs: {
      create: async (url) => (await browser.tabs.create({ url })).id,
      update: async (tabId, url) => void (await browser.tabs.update(tabId, { url })),
    },
    optionsUrl: (hash) => browser.runtime.getURL(`/options.html#${hash}`),
    complete: async (ticketId, answer) => completeInstall(await client(), ticketId, answer),
    log,
  });
  const router = createRouter(
    createHandlers({
      ...base,
      hasOriginPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
      openOptions: () => browser.runtime.openOptionsPage(),
      openInstallTab: (ticket) => installTabs.open(ticket),
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
  // The install tab is watched the same way (the backend's origin is a granted host permission).
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    void injector.onTabUpdated(tabId, change, tab);
    void installTabs.onTabUrl(tabId, change.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => void installTabs.onTabRemoved(tabId));
  // Tabs already open when the extension starts (installed, updated or the browser restarted).
  void browser.tabs.query({ url: HUBSPOT_CONTACT_MATCHES }).then((tabs) => {
    for (const tab of tabs) if (tab.id !== undefined) void injector.onTabUrl(tab.id, tab.url);
  });
});
