import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { HUBSPOT_CONTACT_INCLUDE_GLOBS, HUBSPOT_CONTACT_MATCHES } from '../../lib/extension-config';
import { parseHubSpotRecordUrl } from '../../lib/hubspot-url';
import { startPanelLoader } from '../../lib/content/panel-loader';
import type { MessageEnvelope } from '../../lib/messages';
import type { WatchTarget } from '../../lib/content/location-watch';

// Runs on every HubSpot contacts page, so it stays tiny: no React and no zod (types only).
const INJECT: MessageEnvelope = { portside: 1, action: 'panel.inject', payload: {} };

export default defineContentScript({
  matches: HUBSPOT_CONTACT_MATCHES,
  includeGlobs: HUBSPOT_CONTACT_INCLUDE_GLOBS,
  runAt: 'document_idle',
  main(ctx) {
    const lifetime = new AbortController();
    ctx.onInvalidated(() => lifetime.abort());
    startPanelLoader(
      {
        target: window as unknown as WatchTarget,
        isRecord: (href) => parseHubSpotRecordUrl(href) !== null,
        requestPanel: async () => {
          const answer = (await browser.runtime.sendMessage(INJECT)) as { ok?: unknown; data?: { injected?: unknown } } | undefined;
          return answer?.ok === true && answer.data?.injected === true;
        },
      },
      lifetime.signal,
    );
  },
});
