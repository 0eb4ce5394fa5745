import { parseHubSpotRecordUrl } from '../hubspot-url';

/**
 * Puts the panel into HubSpot tabs that show a contact record. No content script is declared in
 * the manifest: the background sees each HubSpot tab's URL change (page loads and HubSpot's
 * single-page navigation alike) and injects the panel script the first time a document shows a
 * record, so list views and every other HubSpot page run no Portside code. Once in, the panel
 * follows navigation itself and unmounts away from records.
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

  const ensure = async (tabId: number) => {
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
    /** Call with every URL a tab reports; anything but a HubSpot contact record is ignored. */
    onTabUrl,
    /**
     * Call with every `tabs.onUpdated` event. A reload, or a navigation to the URL the tab already
     * shows, reports no URL change: only a status. The new document has no panel, so a finished load
     * is checked too (the flag probe makes that cheap when the panel is already there). An injection
     * tried while the old document was still being replaced is caught by the same check.
     */
    onTabUpdated(tabId: number, change: { url?: string; status?: string }, tab: { url?: string }): Promise<void> {
      if (change.url) return onTabUrl(tabId, change.url);
      if (change.status === 'complete') return onTabUrl(tabId, tab.url);
      return Promise.resolve();
    },
  };
}
