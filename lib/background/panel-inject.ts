import { fail, ok, type Result } from '../errors';
import type { HandlerContext } from './router';

/** Injects the panel script into a tab's top frame (scripting API, or tabs.executeScript on MV2). */
export type InjectPanel = (tabId: number) => Promise<void>;

/**
 * Adds the panel to the loader's own page. Everything it acts on comes from the browser's sender
 * facts: the router only lets this through for this extension's content script in the top frame
 * of a HubSpot app page, and the panel goes into that tab. The request carries nothing, so no
 * page can name another tab, frame or file.
 *
 * The sender URL is not re-checked for a record path: after HubSpot's single-page navigation
 * (list → record via pushState) Chromium still reports the document's first URL. That is safe
 * because the panel script mounts only while `location.href` is a contact record.
 */
export async function injectPanel(inject: InjectPanel, ctx: HandlerContext): Promise<Result<{ injected: boolean }>> {
  if (ctx.sender !== 'content' || ctx.tabId === undefined) return fail('forbidden', 'The panel is only added to HubSpot pages.');
  try {
    await inject(ctx.tabId);
    return ok({ injected: true });
  } catch {
    // The tab navigated away or closed while the script was being injected.
    return fail('internal', 'Portside could not add its panel to this page. Reload the page to try again.');
  }
}
