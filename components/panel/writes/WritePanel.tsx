import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { SendMessage } from '../../../lib/ask';
import type { HubSpotRecordRef } from '../../../lib/hubspot-url';
import type { WritesStore } from '../../../lib/stores/writes-store';
import { useDraftForm } from './useDraftForm';
import { NoteForm } from './NoteForm';
import { TaskForm } from './TaskForm';
import { PropertiesForm } from './PropertiesForm';
import { RecentWrites } from './RecentWrites';
import type { EditOverlay } from '../../../lib/stores/edit-overlay';
import { writeSummary } from './write-summary';

type Tab = 'note' | 'task' | 'properties';
const LABELS: Record<Tab, string> = { note: 'Note', task: 'Task', properties: 'Edit' };

/** Note, task and property edits for a record the rep may edit, with their delivery status. */
export function WritePanel({ send, record, writes, current = {}, overlay = {}, isAdmin = false }: { send: SendMessage; record: HubSpotRecordRef; writes: WritesStore; current?: Record<string, string | null>; overlay?: EditOverlay; isAdmin?: boolean }) {
  const id = useId();
  const [tab, setTab] = useState<Tab>('note');
  const { writes: list, editable, submit, retry } = useStore(writes);
  const note = useDraftForm(send, record, 'note', submit);
  const task = useDraftForm(send, record, 'task', submit);
  const props = useDraftForm(send, record, 'properties', submit);
  // Loaded only when the rep may edit, so a view-only record costs no extra requests.
  useEffect(() => writes.getState().load(record), [writes, record]);
  const acceptedOf = (id: string | null) => (id ? list.find((w) => w.id === id) : undefined);
  const labels = Object.fromEntries((editable ?? []).map((p) => [p.name, p.label]));
  const tabs: Tab[] = editable && editable.length > 0 ? ['note', 'task', 'properties'] : ['note', 'task'];

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = tabs[(tabs.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <section className="ps-write-panel" aria-label="Update this contact">
      <div role="tablist" aria-label="What to add" className="ps-tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t}
            id={`${id}-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t ? 0 : -1}
            className="ps-tab"
            onClick={() => setTab(t)}
            data-testid={`portside-tab-${t}`}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'note' && <NoteForm form={note} accepted={acceptedOf(note.acceptedWriteId)} />}
        {tab === 'task' && <TaskForm form={task} accepted={acceptedOf(task.acceptedWriteId)} />}
        {tab === 'properties' && editable && <PropertiesForm form={props} properties={editable} current={current} overlay={overlay} accepted={acceptedOf(props.acceptedWriteId)} acceptedSummary={(w) => writeSummary(w, labels)} />}
      </div>
      <RecentWrites writes={list} onRetry={(w) => void retry(w)} history={isAdmin} labels={labels} />
    </section>
  );
}
