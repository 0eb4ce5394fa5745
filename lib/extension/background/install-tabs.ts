import { CompleteRequest, type TicketView } from '../../contract/api/install';
import type { Result } from '../../contract/errors';
import type { SessionArea } from './token-store';

/**
 * The install tab the background opened, watched until HubSpot sends it back to the backend's
 * callback URL. Then the background — holding the admin's session — hands `code`/`state` (or
 * HubSpot's `error`) to the API, and sends the tab to the options page, which shows the result.
 * This is what binds an install to the admin who started it: the callback page itself exchanges
 * nothing, so a start link opened in any other browser (or any tab this background did not open)
 * connects nothing.
 *
 * The tabs are remembered in `storage.session` (tab id → ticket and callback URL): Chrome may stop
 * the service worker while the admin reads HubSpot's consent page. The callback URL's host is the
 * backend's, a granted host permission, which is what lets `tabs.onUpdated` report its URL.
 */

const KEY = 'portside.installTabs';

interface Watched {
  ticketId: string;
  /** Where HubSpot sends the tab back (the backend's callback URL, as the backend said). */
  callback: string;
}

export interface InstallTabsDeps {
  session: SessionArea;
  tabs: { create(url: string): Promise<number | undefined>; update(tabId: number, url: string): Promise<void> };
  /** The options page URL with this hash (it shows the ticket named there). */
  optionsUrl(hash: string): string;
  complete(ticketId: string, answer: CompleteRequest): Promise<Result<TicketView>>;
  log: { warn(event: string, fields: Record<string, unknown>): void };
}

export interface InstallTabs {
  /** Opens the start link in a new tab and starts watching it. */
  open(ticket: { ticketId: string; startUrl: string; callbackUrl: string }): Promise<boolean>;
  onTabUrl(tabId: number, url: string | undefined): Promise<void>;
  onTabRemoved(tabId: number): Promise<void>;
}

/** The callback answer in `url`, when `url` is exactly the watched callback address. */
export function callbackAnswer(url: string, callback: string): CompleteRequest | null {
  let u: URL;
  let c: URL;
  try {
    u = new URL(url);
    c = new URL(callback);
  } catch {
    return null;
  }
  if (u.origin !== c.origin || u.pathname !== c.pathname) return null;
  const pick = ['state', 'code', 'error', 'error_description'].filter((k) => u.searchParams.has(k)).map((k) => [k, u.searchParams.get(k)!]);
  const parsed = CompleteRequest.safeParse(Object.fromEntries(pick));
  return parsed.success ? parsed.data : null;
}

export function createInstallTabs(deps: InstallTabsDeps): InstallTabs {
  const load = async (): Promise<Record<string, Watched>> => {
    const v = (await deps.session.get(KEY))[KEY];
    return v && typeof v === 'object' ? (v as Record<string, Watched>) : {};
  };
  const save = (all: Record<string, Watched>) => deps.session.set({ [KEY]: all });
  const forget = async (tabId: number) => {
    const all = await load();
    if (!(String(tabId) in all)) return false;
    delete all[String(tabId)];
    await save(all);
    return true;
  };

  return {
    async open(ticket) {
      const tabId = await deps.tabs.create(ticket.startUrl);
      if (tabId === undefined) return false;
      const all = await load();
      all[String(tabId)] = { ticketId: ticket.ticketId, callback: ticket.callbackUrl };
      await save(all);
      return true;
    },
    async onTabUrl(tabId, url) {
      if (!url) return;
      const watched = (await load())[String(tabId)];
      if (!watched) return;
      const answer = callbackAnswer(url, watched.callback);
      if (!answer) return;
      // Forgotten first: one hand-back per tab, even if the URL is reported twice.
      if (!(await forget(tabId))) return;
      const r = await deps.complete(watched.ticketId, answer);
      if (!r.ok) deps.log.warn('install.complete_failed', { code: r.error.code });
      await deps.tabs.update(tabId, deps.optionsUrl(`install=${watched.ticketId}`));
    },
    async onTabRemoved(tabId) {
      await forget(tabId);
    },
  };
}
