import { createStore } from 'zustand/vanilla';
import { ask, type SendMessage } from '../ask';
import { sameRecord, type HubSpotRecordRef } from '../hubspot-url';
import type { ActionResponse } from '../messages';

export type PanelStatus = ActionResponse<'panel.status'>;

export interface PanelState {
  record: HubSpotRecordRef | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  status: PanelStatus | null;
  error: { code: string; message: string } | null;
  open(record: HubSpotRecordRef): void;
  refresh(): void;
  close(): void;
}

/**
 * The panel's state for the record in view. Switching records clears the previous record's data
 * in the same update, and a late answer for a record no longer in view is thrown away, so the
 * panel never shows one contact's data under another's id.
 */
export function createPanelStore(send: SendMessage) {
  return createStore<PanelState>()((set, get) => {
    let seq = 0;
    const load = (record: HubSpotRecordRef) => {
      const mine = ++seq;
      void ask(send, 'panel.status', { record }).then((reply) => {
        if (mine !== seq || !sameRecord(get().record, record)) return;
        if (reply.ok) set({ phase: 'ready', status: reply.data, error: null });
        else set({ phase: 'error', error: reply.error });
      });
    };
    return {
      record: null,
      phase: 'idle',
      status: null,
      error: null,
      open(record) {
        if (sameRecord(get().record, record) && get().phase !== 'idle') return;
        set({ record, phase: 'loading', status: null, error: null });
        load(record);
      },
      refresh() {
        const record = get().record;
        if (!record) return;
        set({ phase: get().status ? get().phase : 'loading' });
        load(record);
      },
      close() {
        seq++;
        set({ record: null, phase: 'idle', status: null, error: null });
      },
    };
  });
}
export type PanelStore = ReturnType<typeof createPanelStore>;
