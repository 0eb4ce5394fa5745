import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { browser } from 'wxt/browser';
import { createRoot, type Root } from 'react-dom/client';
import { HUBSPOT_CONTACT_INCLUDE_GLOBS, HUBSPOT_CONTACT_MATCHES } from '../../lib/extension-config';
import { parseHubSpotRecordUrl } from '../../lib/hubspot-url';
import { watchLocation } from '../../lib/content/location-watch';
import { createPanelStore } from '../../lib/stores/panel-store';
import { Panel } from '../../components/panel/Panel';

export default defineContentScript({
  matches: HUBSPOT_CONTACT_MATCHES,
  includeGlobs: HUBSPOT_CONTACT_INCLUDE_GLOBS,
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  async main(ctx) {
    const store = createPanelStore((message) => browser.runtime.sendMessage(message));
    let ui: ShadowRootContentScriptUi<Root> | null = null;
    let mounting: Promise<void> | null = null;

    const sync = async () => {
      const record = parseHubSpotRecordUrl(location.href);
      if (!record) {
        store.getState().close();
        ui?.remove();
        ui = null;
        return;
      }
      store.getState().open(record);
      if (ui || mounting) return;
      mounting = createShadowRootUi(ctx, {
        name: 'portside-panel',
        position: 'overlay',
        anchor: 'body',
        append: 'last',
        onMount: (container) => {
          const root = createRoot(container);
          root.render(<Panel store={store} />);
          return root;
        },
        onRemove: (root) => root?.unmount(),
      }).then((created) => {
        created.mount();
        ui = created;
        mounting = null;
        // The URL may have changed while the shadow root was being built.
        void sync();
      });
    };

    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    watchLocation(window as unknown as Parameters<typeof watchLocation>[0], () => void sync(), controller.signal);
    void sync();
  },
});
