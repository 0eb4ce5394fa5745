import type { TracePoint } from '../../../lib/extension/background/trace';
import { percentile, round } from './result';

/**
 * Where one panel navigation's time went, from three clocks: the page (history.pushState at t0,
 * the verdict in the panel's DOM, the next frame), the service worker's trace points
 * (lib/extension/background/trace.ts, kept only because the bench asked for them) and the backend's own
 * handling time of the view request (Node). Page and service worker times are wall-clock ms
 * from two Chromium processes; the stages that cross them (message, render) may carry a skew
 * of a fraction of a millisecond.
 */
export interface NavigationTiming {
  /** Wall-clock ms of history.pushState in the page. */
  t0: number;
  /** ms from t0 to the verdict and summary in the panel's DOM, and to the next animation frame. */
  dom: number;
  shown: number;
  trace: TracePoint[];
  /** The backend's handling time of this navigation's view request (its HubSpot calls included). */
  backendMs: number | null;
}

export interface Stages {
  /** t0 → the panel's panel.load received by the service worker (URL noticed by the panel + message). */
  message: number;
  /** t0 → the background saw the record URL and started the view (tabs.onUpdated); null if it did not. */
  url: number | null;
  /** panel.load received → address and session known (the memo; three storage reads before it). */
  storage: number;
  /** The view request that served the panel, sent and answered (service worker clock). */
  fetch: number;
  /** Of which the backend's own handling (HubSpot round trips included). */
  backend: number | null;
  /** Session known → answer in hand: what the panel waited for the request (0 when it was done). */
  wait: number;
  /** Answer in the service worker → verdict in the panel's DOM (reply message + React commit). */
  render: number;
  /** DOM → next animation frame. */
  frame: number;
  /** The panel joined the view the background started on the URL change. */
  joined: boolean;
}

const first = (t: TracePoint[], event: string, after = -Infinity) => t.find((p) => p.event === event && p.at >= after)?.at;

export function stagesOf(n: NavigationTiming): Stages | null {
  const received = first(n.trace, 'load.received');
  const session = received === undefined ? undefined : first(n.trace, 'load.session', received);
  if (received === undefined || session === undefined) return null;
  const joined = n.trace.some((p) => p.event === 'load.joined');
  // Joined: the request the URL change started (before the message); otherwise the panel's own.
  const start = joined ? first(n.trace, 'fetch.start') : first(n.trace, 'fetch.start', session);
  const end = start === undefined ? undefined : first(n.trace, 'fetch.end', start);
  if (start === undefined || end === undefined) return null;
  const viewStarted = first(n.trace, 'view.started');
  return {
    message: received - n.t0,
    url: viewStarted === undefined ? null : viewStarted - n.t0,
    storage: session - received,
    fetch: end - start,
    backend: n.backendMs,
    wait: Math.max(0, end - session),
    render: n.t0 + n.dom - end,
    frame: n.shown - n.dom,
    joined,
  };
}

const KEYS = ['url', 'message', 'storage', 'fetch', 'backend', 'wait', 'render', 'frame'] as const;

/** p50/p95 of each stage over the navigations, and how many joined the started view. */
export function summariseStages(all: Stages[]) {
  const out: Record<string, { p50: number; p95: number }> = {};
  for (const k of KEYS) {
    const v = all.map((s) => s[k]).filter((x): x is number => typeof x === 'number');
    if (v.length) out[k] = { p50: round(percentile(v, 50)), p95: round(percentile(v, 95)) };
  }
  return { stages: out, joined: all.filter((s) => s.joined).length, timed: all.length };
}

export function stageLine(s: ReturnType<typeof summariseStages>): string {
  const p = (k: string) => (s.stages[k] ? `${s.stages[k]!.p50}` : '—');
  return `stages p50 (ms): view started ${p('url')}, message ${p('message')}, storage ${p('storage')}, fetch ${p('fetch')} (backend ${p('backend')}), waited ${p('wait')}, render ${p('render')}, frame ${p('frame')}; ${s.joined}/${s.timed} joined the view started on the URL change`;
}
