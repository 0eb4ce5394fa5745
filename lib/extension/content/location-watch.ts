/**
 * Calls `onChange` whenever the tab's URL changes, including HubSpot's single-page navigation
 * (history.pushState/replaceState, back/forward). The callback gets nothing from the event:
 * page scripts share the DOM and could forge events, so the caller always re-reads
 * `location.href` itself.
 */
export interface WatchTarget {
  location: { href: string };
  addEventListener(type: string, cb: () => void, opts?: { signal?: AbortSignal }): void;
  navigation?: { addEventListener(type: string, cb: () => void, opts?: { signal?: AbortSignal }): void };
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  queueMicrotask?(cb: () => void): void;
}

export function watchLocation(target: WatchTarget, onChange: (href: string) => void, signal: AbortSignal, pollMs = 250): void {
  let last = target.location.href;
  const check = () => {
    const href = target.location.href;
    if (href === last) return;
    last = href;
    onChange(href);
  };
  // The Navigation API (Chromium) reports SPA navigations at once; `currententrychange` fires
  // after the URL has committed. Polling stays as the fallback for browsers without it.
  target.navigation?.addEventListener('currententrychange', check, { signal });
  target.addEventListener('popstate', check, { signal });
  const id = target.setInterval(check, pollMs);
  signal.addEventListener('abort', () => target.clearInterval(id));
}
