import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createHandlers } from '../lib/extension/background/handlers';
import { createBackgroundCore } from '../lib/extension/background/core';
import { acceptPanelPort } from '../lib/extension/background/panel-ports';
import { completeInstall } from '../lib/extension/background/install';
import { createInstallTabs } from '../lib/extension/background/install-tabs';
import { createPanelInjector } from '../lib/extension/background/panel-injector';
import { createRouter } from '../lib/extension/background/router';
import { createTokenStore, indexedDbSlot } from '../lib/extension/background/token-store';
import { withSessionMarker } from '../lib/extension/background/session-marker';
import { HUBSPOT_CONTACT_MATCHES } from '../lib/extension/extension-config';
import { parseHubSpotRecordUrl } from '../lib/extension/hubspot-url';
import { PANEL_FLAG } from '../lib/extension/content/panel-flag';

const PANEL_SCRIPT = '/content-scripts/panel.js';
const log = { warn: (event: string, fields: Record<string, unknown>) => console.warn(`[portside] ${event}`, fields) };

export default defineBackground(() => {
  const base = {
    local: browser.storage.local,
    fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
    // Every session change is announced to open panels and pages through a marker in storage.local.
    tokens: withSessionMarker(createTokenStore(browser.storage.session, indexedDbSlot(indexedDB)), browser.storage.local),
    // The address and session are kept in memory (lib/extension/background/session-memo.ts); a change made
    // in storage by anything but the background's own handlers still refreshes them.
    storageEvents: browser.storage,
  };
  const core = createBackgroundCore(base);
  const client = core.client;
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
  const senderOpts = { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL('/') };
  const router = createRouter(
    createHandlers(
      {
        ...base,
        hasOriginPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
        openOptions: () => browser.runtime.openOptionsPage(),
        openInstallTab: (ticket) => installTabs.open(ticket),
      },
      core,
    ),
    { ...senderOpts, log },
  );
  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));

  // The panel goes only into the top frame of HubSpot tabs showing a contact, company, deal or
  // ticket record (all under /contacts/, so no new host permission); lists and boards get none.
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
  // A panel keeps a port open while its document lives: its tab is then not probed again.
  browser.runtime.onConnect.addListener((port) => acceptPanelPort(port, senderOpts, injector));
  // A URL change arrives for page loads and for HubSpot's history.pushState navigation, a finished
  // load for reloads; host access to HubSpot is what lets the background read those tabs' URLs
  // (so no `webNavigation` permission, and no new install warning, is needed for this).
  // The install tab is watched the same way (the backend's origin is a granted host permission).
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // A tab whose panel is live will ask for the new record's view at once: start it now, while
    // that message is on its way (lib/extension/background/panel-views.ts). A tab without one yet is loading
    // a page; its panel asks once injected, too late to join, so nothing is started for it.
    if (change.url) void core.views.onTabUrl(tabId, parseHubSpotRecordUrl(change.url), injector.hasLivePanel(tabId));
    void injector.onTabUpdated(tabId, change, tab);
    void installTabs.onTabUrl(tabId, change.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    core.views.forgetTab(tabId);
    void installTabs.onTabRemoved(tabId);
  });
  // Tabs already open when the extension starts (installed, updated or the browser restarted).
  void browser.tabs.query({ url: HUBSPOT_CONTACT_MATCHES }).then((tabs) => {
    for (const tab of tabs) if (tab.id !== undefined) void injector.onTabUrl(tab.id, tab.url);
  });
});
