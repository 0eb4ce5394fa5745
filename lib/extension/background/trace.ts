/**
 * Timing points on the panel's path through the background, for the panel-latency bench only.
 * They are kept only when the bench has put an array at `globalThis.__portsideTrace` (over the
 * DevTools protocol, in the service worker); otherwise a call is one property read and nothing
 * is kept. Only event names, tab ids and times: never a URL, a record or anything of a session.
 */
export const TRACE_GLOBAL = '__portsideTrace';

export interface TracePoint {
  event: string;
  tabId: number | undefined;
  /** Wall-clock ms with sub-ms precision (timeOrigin + now), comparable with the page's clock. */
  at: number;
}

export function trace(event: string, fields: { tabId: number | undefined }): void {
  const sink = (globalThis as Record<string, unknown>)[TRACE_GLOBAL];
  if (Array.isArray(sink) && sink.length < 10_000) sink.push({ event, tabId: fields.tabId, at: performance.timeOrigin + performance.now() } satisfies TracePoint);
}
