/**
 * Set on the content script world's global object once the panel runs in a document, so the
 * background injects it once per document. The content script world is the extension's own
 * (isolated from the page's scripts), so a HubSpot page cannot set or clear it.
 */
export const PANEL_FLAG = '__portsidePanel';

/**
 * The element the panel's closed shadow root hangs on: a built-in element (a page cannot define a
 * custom element for it) without semantics of its own (the panel inside is the landmark), marked
 * so tools with privileged access, like the end-to-end harness, can find it. The page can see
 * that the panel is there, never what it shows.
 */
export const PANEL_HOST = { tag: 'div', attribute: 'data-portside-panel', selector: 'div[data-portside-panel]' } as const;

/**
 * The name of the port the panel keeps open to the background while its document lives; the
 * background then knows the tab has a panel without probing it (lib/extension/background/panel-injector.ts).
 */
export const PANEL_PORT = 'portside.panel';
