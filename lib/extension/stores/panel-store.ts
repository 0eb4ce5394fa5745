import { createStore } from 'zustand/vanilla';
import type { SendMessage } from '../ask';
import { askBackground as ask } from '../content/ask-background';
import { sameRecord, type HubSpotRecordRef } from '../hubspot-url';
import type { PanelData } from '../panel-data';

export interface PanelState {
  record: HubSpotRecordRef | null;
  phase: 'idle' | 'loading' | 'loaded';
  data: PanelData | null;
  /** The server could not be reached on the last try; `data` is the last known state, kept. */
  offline: boolean;
  /** The last answer was a passing failure (HubSpot or the database busy); a retry is scheduled. */
  retrying: boolean;
  /** HubSpot itself shows this user an access-denied page for the record. */
  hubspotDenied: boolean;
  /** When the request behind `data` was sent (the panel's clock); null before the first answer. */
  requestedAt: number | null;
  open(record: HubSpotRecordRef): void;
  refresh(): void;
  close(): void;
  setHubSpotDenied(denied: boolean): void;
  openOptions(): void;
}

export interface PanelStoreOptions {
  /** Delays between automatic retries while the server is unreachable. */
  retryDelaysMs?: number[];
  timers?: { set(cb: () => void, ms: number): unknown; clear(id: unknown): void };
  now?: () => number;
}

const DEFAULT_RETRIES = [2_000, 4_000, 8_000, 15_000, 30_000];

/** Failures that pass by themselves: HubSpot slow or rate limited, Portside's database restarting. */
const TRANSIENT = new Set(['hubspot_unavailable', 'service_unavailable', 'rate_limited']);

/**
 * The panel's state for the record in view. Switching records clears the previous record's data
 * in the same update, and a late answer for a record no longer in view is thrown away, so the
 * panel never shows one contact's data under another's id.
 */
export function createPanelStore(send: SendMessage, opts: PanelStoreOptions = {}) {
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRIES;
  const timers = opts.timers ?? { set: (cb, ms) => setTimeout(cb, ms), clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>) };
  const now = opts.now ?? Date.now;
  return createStore<PanelState>()((set, get) => {
    let seq = 0;
    let retryTimer: unknown = null;
    let attempt = 0;
    const cancelRetry = () => {
      if (retryTimer !== null) timers.clear(retryTimer);
      retryTimer = null;
    };
    const load = (record: HubSpotRecordRef) => {
      const mine = ++seq;
      const requestedAt = now();
      cancelRetry();
      void ask(send, 'panel.load', { record }).then((reply) => {
        if (mine !== seq || !sameRecord(get().record, record)) return;
        const data: PanelData = reply.ok ? reply.data : { state: 'error', code: reply.error.code, message: reply.error.message };
        if (data.state === 'unreachable') {
          const kept = get().data;
          // Keep the last known verdict on screen and say we are retrying.
          set({ phase: 'loaded', offline: true, retrying: false, data: kept && kept.state !== 'unreachable' ? kept : data });
          retryTimer = timers.set(() => load(record), delays[Math.min(attempt++, delays.length - 1)]!);
          return;
        }
        if (data.state === 'error' && TRANSIENT.has(data.code)) {
          // Say what happened (never an old verdict as if it were current) and try again by itself.
          set({ phase: 'loaded', offline: false, retrying: true, data });
          retryTimer = timers.set(() => load(record), delays[Math.min(attempt++, delays.length - 1)]!);
          return;
        }
        attempt = 0;
        set({ phase: 'loaded', offline: false, retrying: false, data, requestedAt });
      });
    };
    return {
      record: null,
      phase: 'idle',
      data: null,
      offline: false,
      retrying: false,
      hubspotDenied: false,
      requestedAt: null,
      open(record) {
        if (sameRecord(get().record, record) && get().phase !== 'idle') return;
        attempt = 0;
        set({ record, phase: 'loading', data: null, offline: false, retrying: false, hubspotDenied: false, requestedAt: null });
        load(record);
      },
      refresh() {
        const record = get().record;
        if (!record) return;
        if (!get().data) set({ phase: 'loading' });
        load(record);
      },
      close() {
        seq++;
        cancelRetry();
        set({ record: null, phase: 'idle', data: null, offline: false, retrying: false, hubspotDenied: false, requestedAt: null });
      },
      setHubSpotDenied(denied) {
        if (get().hubspotDenied !== denied) set({ hubspotDenied: denied });
      },
      openOptions() {
        void ask(send, 'options.open', {});
      },
    };
  });
}
export type PanelStore = ReturnType<typeof createPanelStore>;
