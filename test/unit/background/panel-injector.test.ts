import { describe, expect, it, vi } from 'vitest';
import { createPanelInjector } from '../../../lib/extension/background/panel-injector';

/** A browser stand-in: which tabs' documents have the panel, and what was injected where. */
function world() {
  const withPanel = new Set<number>();
  const injected: number[] = [];
  const warn = vi.fn();
  const injector = createPanelInjector({
    hasPanel: async (tabId) => withPanel.has(tabId),
    inject: async (tabId) => {
      injected.push(tabId);
      withPanel.add(tabId);
    },
    log: { warn },
  });
  return { injector, withPanel, injected, warn };
}

const RECORD = 'https://app.hubspot.com/contacts/1001/record/0-1/101';

describe('panel injector', () => {
  it.each([
    'https://app.hubspot.com/contacts/1001/objects/0-1/views/all/list',
    'https://app.hubspot.com/reports-dashboard/1001',
    'https://www.hubspot.com/contacts/1001/record/0-1/101',
    'https://evil.example/contacts/1001/record/0-1/101',
    'http://app.hubspot.com/contacts/1001/record/0-1/101',
    // Lists, boards and other object types live under /contacts/ too: no panel there.
    'https://app.hubspot.com/contacts/1001/objects/0-3/views/all/list',
    'https://app.hubspot.com/contacts/1001/deals/board/view/all/',
    'https://app.hubspot.com/contacts/1001/objects/0-5/views/all/board',
    'https://app.hubspot.com/contacts/1001/record/0-7/101',
    undefined,
  ])('injects nothing for %s', async (url) => {
    const w = world();
    await w.injector.onTabUrl(3, url);
    expect(w.injected).toEqual([]);
  });

  it('injects into a record tab once per document, whatever the navigation reports', async () => {
    const w = world();
    await Promise.all([w.injector.onTabUrl(3, RECORD), w.injector.onTabUrl(3, RECORD), w.injector.onTabUrl(3, `${RECORD.slice(0, -3)}102`)]);
    await w.injector.onTabUrl(3, 'https://app-eu1.hubspot.com/contacts/1001/contact/103');
    expect(w.injected).toEqual([3]);
    // A new document in the tab (reload, or a full page load) has no panel yet.
    w.withPanel.delete(3);
    await w.injector.onTabUrl(3, RECORD);
    expect(w.injected).toEqual([3, 3]);
  });

  it.each([
    'https://app.hubspot.com/contacts/1001/record/0-2/21002',
    'https://app-eu1.hubspot.com/contacts/1001/record/0-3/22002/view/1',
    'https://app-na2.hubspot.com/contacts/1001/record/0-5/23001',
    'https://app.hubspot.com/contacts/1001/company/21002',
    'https://app.hubspot.com/contacts/1001/deal/22002',
    'https://app.hubspot.com/contacts/1001/ticket/23001',
  ])('injects into a company, deal or ticket page: %s', async (url) => {
    const w = world();
    await w.injector.onTabUrl(4, url);
    expect(w.injected).toEqual([4]);
  });

  it('a failed injection is logged, and the next record URL tries again', async () => {
    let fail = true;
    const injected: number[] = [];
    const warn = vi.fn();
    const injector = createPanelInjector({
      hasPanel: async () => false,
      inject: async (tabId) => {
        if (fail) throw new Error('Frame with ID 0 was removed.');
        injected.push(tabId);
      },
      log: { warn },
    });
    await injector.onTabUrl(5, RECORD);
    expect(warn).toHaveBeenCalledWith('panel.inject_failed', { error: 'Frame with ID 0 was removed.' });
    fail = false;
    await injector.onTabUrl(5, RECORD);
    expect(injected).toEqual([5]);
  });
});

describe('panel injector: tab events', () => {
  it('a reload (a finished load with no URL change) brings the panel back into the new document', async () => {
    const w = world();
    await w.injector.onTabUpdated(3, { url: RECORD }, { url: RECORD });
    expect(w.injected).toEqual([3]);
    // Reloading: the old document goes, the event says only "loading", then "complete".
    w.withPanel.delete(3);
    await w.injector.onTabUpdated(3, { status: 'loading' }, { url: RECORD });
    expect(w.injected).toEqual([3]);
    await w.injector.onTabUpdated(3, { status: 'complete' }, { url: RECORD });
    expect(w.injected).toEqual([3, 3]);
    // A finished load of a document that has the panel injects nothing more.
    await w.injector.onTabUpdated(3, { status: 'complete' }, { url: RECORD });
    expect(w.injected).toEqual([3, 3]);
  });

  it('a finished load of a page that is not a record injects nothing', async () => {
    const w = world();
    await w.injector.onTabUpdated(4, { status: 'complete' }, { url: 'https://app.hubspot.com/contacts/1001/objects/0-1/views/all/list' });
    await w.injector.onTabUpdated(4, { status: 'complete' }, {});
    expect(w.injected).toEqual([]);
  });
});

describe('panel injector: tabs known to have the panel', () => {
  /** Counts probes, the script round trip into the page this saves. */
  function probed() {
    const w = world();
    let probes = 0;
    const injector = createPanelInjector({
      hasPanel: async (tabId) => {
        probes++;
        return w.withPanel.has(tabId);
      },
      inject: async (tabId) => {
        w.injected.push(tabId);
        w.withPanel.add(tabId);
      },
      log: { warn: w.warn },
    });
    return { ...w, injector, probes: () => probes };
  }

  it('does not probe a tab whose panel holds its port open', async () => {
    const w = probed();
    await w.injector.onTabUpdated(3, { url: RECORD }, { url: RECORD });
    expect(w.probes()).toBe(1);
    w.injector.panelConnected(3);
    expect(w.injector.hasLivePanel(3)).toBe(true);
    // Chrome reports HubSpot's pushState navigation as a URL with "loading", then "complete".
    await w.injector.onTabUpdated(3, { status: 'loading', url: `${RECORD.slice(0, -3)}102` }, { url: `${RECORD.slice(0, -3)}102` });
    await w.injector.onTabUpdated(3, { status: 'complete' }, { url: `${RECORD.slice(0, -3)}102` });
    expect(w.probes()).toBe(1);
    // Another tab is still probed.
    await w.injector.onTabUrl(4, RECORD);
    expect(w.probes()).toBe(2);
  });

  it('probes (and injects) again once the port closed: the document went away', async () => {
    const w = probed();
    await w.injector.onTabUrl(3, RECORD);
    w.injector.panelConnected(3);
    // A full page load: the old document (and its port) is gone, the new one has no panel.
    w.injector.panelDisconnected(3);
    w.withPanel.delete(3);
    expect(w.injector.hasLivePanel(3)).toBe(false);
    await w.injector.onTabUpdated(3, { status: 'complete' }, { url: RECORD });
    expect(w.probes()).toBe(2);
    expect(w.injected).toEqual([3, 3]);
  });

  it("counts ports: the old document's late disconnect does not forget the new document's panel", async () => {
    const w = probed();
    w.injector.panelConnected(3);
    w.injector.panelConnected(3);
    w.injector.panelDisconnected(3);
    await w.injector.onTabUrl(3, RECORD);
    expect(w.probes()).toBe(0);
    w.injector.panelDisconnected(3);
    await w.injector.onTabUrl(3, RECORD);
    expect(w.probes()).toBe(1);
  });
});
