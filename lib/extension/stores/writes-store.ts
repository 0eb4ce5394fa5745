import { createStore } from 'zustand/vanilla';
import type { SendMessage } from '../ask';
import { askBackground as ask } from '../content/ask-background';
import { sameRecord, type HubSpotRecordRef } from '../hubspot-url';
import type { CallOutcomesResponse, CreateWriteBody, WriteFieldIssue, WriteView } from '../../contract/api/writes';
import { KIND_OBJECTS } from '../../contract/kind-objects';
import type { EditableProperty } from '../../contract/api/settings';
import type { TaskOptions } from '../../contract/api/task-options';

export interface WriteViewer {
  memberId: string;
  email: string;
}

export type SubmitOutcome =
  | { ok: true; write: WriteView }
  | { ok: false; code: string; message: string; fields: WriteFieldIssue[] };

export interface WritesState {
  record: HubSpotRecordRef | null;
  writes: WriteView[];
  editable: EditableProperty[] | null;
  /**
   * The portal's task type/priority/status options: null while loading, or `{ unavailable }`
   * with the reason when HubSpot's definitions could not be read (the form then offers none).
   */
  taskOptions: TaskOptions | { unavailable: string } | null;
  /** The portal's call outcomes, the same way: null while loading, `{ unavailable }` with the reason. */
  callOutcomes: CallOutcomesResponse['outcomes'] | { unavailable: string } | null;
  /**
   * When this panel saw each write become `done` (the panel's own clock): what it shows for a
   * delivered edit depends on whether its view was requested before or after that moment.
   */
  doneSeenAt: Record<string, number>;
  load(record: HubSpotRecordRef): void;
  /** (Re)reads the portal's call outcomes: on load, and when the rep asks again after a failure. */
  loadCallOutcomes(): void;
  clear(): void;
  /** `viewer`: the member the panel showed when the rep saved; the background refuses another's session. */
  submit(body: CreateWriteBody, idempotencyKey: string, viewer: WriteViewer): Promise<SubmitOutcome>;
  retry(writeId: string): Promise<void>;
}

const POLL_MS = 1_000;
const settled = (w: WriteView) => w.status === 'done' || w.status === 'failed';

function fieldIssues(details: unknown): WriteFieldIssue[] {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((f): f is WriteFieldIssue => typeof f?.field === 'string' && typeof f?.message === 'string');
}

// Wrapped, not passed as methods: browsers throw "Illegal invocation" when setTimeout is called on another object.
const realTimers = {
  set: (cb: () => void, ms: number) => setTimeout(cb, ms),
  clear: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
};

export interface WritesStoreOptions {
  now?: () => number;
  /** Called once when a write this panel follows reaches HubSpot. */
  onDelivered?(write: WriteView): void;
}

/**
 * The rep's writes on the record in view: submits, then follows each pending write until HubSpot
 * has it (done) or it failed with a reason, polling only while something is pending.
 */
export function createWritesStore(send: SendMessage, timers = realTimers, opts: WritesStoreOptions = {}) {
  const now = opts.now ?? Date.now;
  return createStore<WritesState>()((set, get) => {
    let poll: ReturnType<typeof setTimeout> | null = null;
    const upsert = (w: WriteView) => {
      const record = get().record;
      // A backend from before issue 20 sends neither field: its writes are on contacts.
      if (!record || (w.objectType ?? '0-1') !== record.objectTypeId || (w.recordId ?? w.contactId) !== record.recordId) return;
      const before = get().writes.find((x) => x.id === w.id);
      const others = get().writes.filter((x) => x.id !== w.id);
      const delivered = w.status === 'done' && before !== undefined && before.status !== 'done';
      set({
        writes: [w, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        ...(delivered ? { doneSeenAt: { ...get().doneSeenAt, [w.id]: now() } } : {}),
      });
      if (delivered) opts.onDelivered?.(w);
    };
    const schedule = () => {
      if (poll !== null || !get().writes.some((w) => !settled(w))) return;
      poll = timers.set(async () => {
        poll = null;
        const pending = get().writes.filter((w) => !settled(w));
        await Promise.all(
          pending.map(async (w) => {
            const r = await ask(send, 'writes.get', { writeId: w.id });
            if (r.ok) upsert(r.data);
          }),
        );
        schedule();
      }, POLL_MS);
    };
    return {
      record: null,
      writes: [],
      editable: null,
      taskOptions: null,
      callOutcomes: null,
      doneSeenAt: {},
      load(record) {
        if (sameRecord(get().record, record)) return;
        set({ record, writes: [], editable: null, taskOptions: null, callOutcomes: null, doneSeenAt: {} });
        void ask(send, 'writes.list', { record }).then((r) => {
          if (r.ok && sameRecord(get().record, record)) {
            set({ writes: r.data.writes });
            schedule();
          }
        });
        void ask(send, 'properties.editable', { objectType: record.objectTypeId }).then((r) => {
          if (sameRecord(get().record, record)) set({ editable: r.ok ? r.data.properties : [] });
        });
        void ask(send, 'tasks.options', {}).then((r) => {
          if (sameRecord(get().record, record)) set({ taskOptions: r.ok ? r.data : { unavailable: r.error.message } });
        });
        // Calls are logged on contacts only: no outcomes to read elsewhere.
        if (KIND_OBJECTS.call.includes(record.objectTypeId)) get().loadCallOutcomes();
      },
      loadCallOutcomes() {
        const record = get().record;
        set({ callOutcomes: null });
        void ask(send, 'calls.outcomes', {}).then((r) => {
          if (sameRecord(get().record, record)) set({ callOutcomes: r.ok ? r.data.outcomes : { unavailable: r.error.message } });
        });
      },
      clear() {
        if (poll !== null) timers.clear(poll);
        poll = null;
        set({ record: null, writes: [], editable: null, taskOptions: null, callOutcomes: null, doneSeenAt: {} });
      },
      async submit(body, idempotencyKey, viewer) {
        const record = get().record;
        if (!record) return { ok: false, code: 'bad_request', message: 'No record is open.', fields: [] };
        const r = await ask(send, 'writes.create', { record, idempotencyKey, body, viewer });
        if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message, fields: fieldIssues(r.error.details) };
        upsert(r.data);
        schedule();
        return { ok: true, write: r.data };
      },
      async retry(writeId) {
        const r = await ask(send, 'writes.retry', { writeId });
        if (r.ok) {
          upsert(r.data);
          schedule();
        }
      },
    };
  });
}
export type WritesStore = ReturnType<typeof createWritesStore>;
