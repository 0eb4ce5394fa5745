/**
 * Set on the content script world's global object once the panel runs in a document, so the
 * background injects it once per document. The content script world is the extension's own
 * (isolated from the page's scripts), so a HubSpot page cannot set or clear it.
 */
export const PANEL_FLAG = '__portsidePanel';
