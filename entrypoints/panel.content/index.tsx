import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { browser } from 'wxt/browser';
import { createRoot, type Root } from 'react-dom/client';
import { HUBSPOT_CONTACT_MATCHES } from '../../lib/extension/extension-config';
import { PANEL_FLAG, PANEL_HOST, PANEL_PORT } from '../../lib/extension/content/panel-flag';
import { keepPanelPort } from '../../lib/extension/content/panel-port';
import { parseHubSpotRecordUrl, sameRecord } from '../../lib/extension/hubspot-url';
import { watchLocation } from '../../lib/extension/content/location-watch';
import { watchAccessDenied } from '../../lib/extension/content/hubspot-denied';
import { followSession } from '../../lib/extension/content/session-follow';
import { dockBeside, PANEL_WIDTH } from '../../lib/extension/content/dock';
import { createPanelStore } from '../../lib/extension/stores/panel-store';
import { createWritesStore } from '../../lib/extension/stores/writes-store';
import { Panel } from '../../components/panel/Panel';

// Not in the manifest: the background injects this into a HubSpot tab's top frame when the tab
// shows a CRM record (lib/extension/background/panel-injector.ts). The matches give the background the
// host access that injection needs and expose the panel's stylesheet to HubSpot pages only.
// Chromium's window.find() searches closed shadow roots and leaves the selection on the match,
// which Selection.modify() can then grow over the panel's text: a page could read the panel
// through the selection. Text that cannot be selected cannot be read that way; form fields stay
// editable.
const PANEL_UNSELECTABLE_CSS = ':host, :host * { user-select: none !important; -webkit-user-select: none !important; } input, textarea, select { user-select: text !important; -webkit-user-select: text !important; }';

export default defineContentScript({
  registration: 'runtime',
  matches: HUBSPOT_CONTACT_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    // One panel per document, however often the background injects it.
    const scope = globalThis as Record<string, unknown>;
    if (scope[PANEL_FLAG] === true) return;
    scope[PANEL_FLAG] = true;
    // The port tells the background this document has the panel, so it is not probed on every
    // navigation; closed when the page is hidden, reopened before a message if the background stopped.
    const lifetime = new AbortController();
    const port = keepPanelPort(() => browser.runtime.connect({ name: PANEL_PORT }), window, lifetime.signal);
    port.ensure();
    const send = (message: unknown) => {
      port.ensure();
      return browser.runtime.sendMessage(message);
    };
    const store = createPanelStore(send);
    const writes = createWritesStore(send);
    let ui: ShadowRootContentScriptUi<Root> | null = null;
    let undock: (() => void) | null = null;
    const onLayout = (open: boolean | null) => {
      undock?.();
      undock = open === null ? null : dockBeside(document, open ? PANEL_WIDTH.open : PANEL_WIDTH.closed);
    };
    let mounting: Promise<void> | null = null;
    // Watching HubSpot's DOM costs something, so it runs only while a record is shown.
    let deniedWatch: AbortController | null = null;

    const unmount = () => {
      deniedWatch?.abort();
      deniedWatch = null;
      store.getState().close();
      writes.getState().clear();
      ui?.remove();
      ui = null;
    };

    const sync = () => {
      const record = parseHubSpotRecordUrl(location.href);
      if (!record) return unmount();
      const previous = store.getState().record;
      store.getState().open(record);
      // A new record starts a new watch, so its verdict is never the previous record's.
      if (!deniedWatch || !sameRecord(previous, record)) {
        deniedWatch?.abort();
        deniedWatch = new AbortController();
        watchAccessDenied(document, (denied) => store.getState().setHubSpotDenied(denied), deniedWatch.signal);
      }
      if (ui || mounting) return;
      mounting = createShadowRootUi(ctx, {
        // What the panel shows (who is signed in, the verdict, the summary) is out of reach of
        // HubSpot's scripts and anything injected into its page:
        //  - the shadow root is closed, so `host.shadowRoot` is null for them;
        //  - it is created in this isolated world, untouched by the page's prototype patches;
        //  - the host is a built-in element, not a custom one: a page that defined a custom
        //    element with the host's name first would get the root, closed or not, from the
        //    ElementInternals of the element it upgraded.
        name: PANEL_HOST.tag,
        mode: 'closed',
        css: PANEL_UNSELECTABLE_CSS,
        position: 'overlay',
        anchor: 'body',
        append: 'last',
        onMount: (container) => {
          const root = createRoot(container);
          root.render(<Panel store={store} writes={writes} send={send} onLayout={onLayout} />);
          return root;
        },
        onRemove: (root) => root?.unmount(),
      }).then((created) => {
        mounting = null;
        created.shadowHost.setAttribute(PANEL_HOST.attribute, '');
        // The URL may have changed while the shadow root was being built.
        if (!parseHubSpotRecordUrl(location.href)) return;
        created.mount();
        ui = created;
      });
    };

    ctx.onInvalidated(() => {
      lifetime.abort();
      port.close();
      unmount();
      // The extension was updated or reloaded: let its new background inject a fresh panel.
      delete scope[PANEL_FLAG];
    });
    watchLocation(window as unknown as Parameters<typeof watchLocation>[0], sync, lifetime.signal);
    // The server address or the session changed (signed in, out, or as someone else, anywhere in
    // the extension): what this panel shows, and the writes it lists, belong to the previous
    // session. Ask again, so the panel always shows who any save from it is made as.
    const unwatchServer = followSession(browser.storage, store, writes);
    lifetime.signal.addEventListener('abort', unwatchServer);
    sync();
  },
});
