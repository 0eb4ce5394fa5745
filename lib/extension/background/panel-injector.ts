import { parseHubSpotRecordUrl } from '../hubspot-url';

/**
 * Puts the panel into HubSpot tabs that show a contact record. No content script is declared in
 * the manifest: the background sees each HubSpot tab's URL change (page loads and HubSpot's
 * single-page navigation alike) and injects the panel script the first time a document shows a
 * record, so list views and every other HubSpot page run no Portside code. Once in, the panel
 * follows navigation itself and unmounts away from records.
 *
 * A tab whose panel holds a port open to the background (lib/extension/content/panel-port.ts) is known to
 * have it, and is not probed again: HubSpot's navigation reports two URL events per record in
 * Chrome, each of which would otherwise cost a script round trip into the page. tabs.onUpdated
 * cannot say when the panel's document is gone (Chrome reports history.pushState exactly as it
 * reports a new page: "loading" with the URL, then "complete"); the port can: the browser
 * disconnects it when the document is unloaded or put in the back/forward cache, and when the
 * background stops (then every tab is unknown again and probed, as before).
 */
export interface PanelInjectorDeps {
  /** Whether the tab's current document already has the panel (a flag the panel script sets). */
  hasPanel(tabId: number): Promise<boolean>;
  /** Injects the panel script into the tab's top frame. */
  inject(tabId: number): Promise<void>;
  log: { warn(event: string, fields: Record<string, unknown>): void };
}

export function createPanelInjector(deps: PanelInjectorDeps) {
  // One check-and-inject at a time per tab, in order: HubSpot's navigation can report several URLs at once.
  const queue = new Map<number, Promise<void>>();
  // Open panel ports per tab. A count, not a flag: the new document's port may connect before the
  // old one's disconnect arrives.
  const ports = new Map<number, number>();

  const ensure = async (tabId: number) => {
    if ((ports.get(tabId) ?? 0) > 0) return;
    try {
      if (!(await deps.hasPanel(tabId))) await deps.inject(tabId);
    } catch (err) {
      // The tab closed or navigated away meanwhile; the next record URL in it tries again.
      deps.log.warn('panel.inject_failed', { error: err instanceof Error ? err.message.slice(0, 200) : 'unknown' });
    }
  };

  const onTabUrl = (tabId: number, url: string | undefined): Promise<void> => {
    if (!url || !parseHubSpotRecordUrl(url)) return Promise.resolve();
    const task = (queue.get(tabId) ?? Promise.resolve()).then(() => ensure(tabId));
    queue.set(tabId, task);
    void task.then(() => queue.get(tabId) === task && queue.delete(tabId));
    return task;
  };

  return {
    /** Call with every URL a tab reports; anything but a HubSpot record page (contact, company, deal, ticket) is ignored. */
    onTabUrl,
    /** The panel in this tab's top frame opened its port. */
    panelConnected(tabId: number) {
      ports.set(tabId, (ports.get(tabId) ?? 0) + 1);
    },
    /** That port closed: the document went away (or the panel was invalidated). */
    panelDisconnected(tabId: number) {
      const left = (ports.get(tabId) ?? 0) - 1;
      if (left > 0) ports.set(tabId, left);
      else ports.delete(tabId);
    },
    /** Whether the tab is known to have a live panel (its port is open). */
    hasLivePanel: (tabId: number) => (ports.get(tabId) ?? 0) > 0,
    /**
     * Call with every `tabs.onUpdated` event. A reload, or a navigation to the URL the tab already
     * shows, reports no URL change: only a status. The new document has no panel, so a finished load
     * is checked too (skipped while the panel's port is open, else a cheap flag probe). An injection
     * tried while the old document was still being replaced is caught by the same check.
     */
    onTabUpdated(tabId: number, change: { url?: string; status?: string }, tab: { url?: string }): Promise<void> {
      if (change.url) return onTabUrl(tabId, change.url);
      if (change.status === 'complete') return onTabUrl(tabId, tab.url);
      return Promise.resolve();
    },
  };
}
