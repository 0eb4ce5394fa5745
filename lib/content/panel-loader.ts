import { watchLocation, type WatchTarget } from './location-watch';

/**
 * The part of the content script that runs on every HubSpot contacts page. It only tests the
 * URL; the panel (React and everything it needs) is injected by the background the first time
 * this document shows a contact record, so list pages and other views pay for a URL check and
 * nothing else. After the panel is in, it follows navigation itself and this watch stops.
 */
export interface PanelLoaderDeps {
  target: WatchTarget;
  /** True for a contact record URL (lib/hubspot-url.ts). */
  isRecord(href: string): boolean;
  /** Asks the background to inject the panel into this frame; resolves true once it is in. */
  requestPanel(): Promise<boolean>;
}

export function startPanelLoader(deps: PanelLoaderDeps, signal: AbortSignal): void {
  const watch = new AbortController();
  signal.addEventListener('abort', () => watch.abort());
  let asking = false;
  const check = (href: string) => {
    if (asking || watch.signal.aborted || !deps.isRecord(href)) return;
    asking = true;
    deps.requestPanel().then(
      (injected) => {
        asking = false;
        if (injected) watch.abort();
      },
      () => {
        // The background restarted or refused: the next navigation to a record asks again.
        asking = false;
      },
    );
  };
  watchLocation(deps.target, check, watch.signal);
  check(deps.target.location.href);
}
