import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SendMessage } from '../../../lib/extension/ask';
import type { HubSpotRecordRef } from '../../../lib/extension/hubspot-url';
import type { WriteViewer, WritesStore } from '../../../lib/extension/stores/writes-store';
import { useDraftForm } from './useDraftForm';
import { NoteForm } from './NoteForm';
import { TaskForm } from './TaskForm';
import { CallForm } from './CallForm';
import { PropertiesForm } from './PropertiesForm';
import { RecentWrites } from './RecentWrites';
import type { EditOverlay } from '../../../lib/extension/stores/edit-overlay';
import { writeSummary } from './write-summary';
import type { WriteKind } from '../../../lib/contract/api/writes';
import { KIND_OBJECTS } from '../../../lib/contract/kind-objects';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';

/** One tab per write kind: a kind without a label and a form is a compile error here. */
type Tab = WriteKind;
const LABELS: Record<Tab, string> = { note: 'Note', task: 'Task', call: 'Call', properties: 'Edit' };
const ORDER: readonly Tab[] = ['note', 'task', 'call', 'properties'];

/** Notes, tasks, logged calls and property edits for a record the rep may edit, with their delivery status. */
export function WritePanel({ send, record, writes, viewer, current = {}, overlay = {}, isAdmin = false }: { send: SendMessage; record: HubSpotRecordRef; writes: WritesStore; viewer: WriteViewer; current?: Record<string, string | null>; overlay?: EditOverlay; isAdmin?: boolean }) {
  const id = useId();
  const [tab, setTab] = useState<Tab>('note');
  const { writes: list, editable, taskOptions, callOutcomes, loadCallOutcomes, submit: submitAs, retry } = useStore(writes);
  // Every save names the member this panel shows, so it is never made as someone else.
  const submit = (body: Parameters<typeof submitAs>[0], key: string) => submitAs(body, key, viewer);
  const note = useDraftForm(send, record, 'note', submit);
  const task = useDraftForm(send, record, 'task', submit);
  const call = useDraftForm(send, record, 'call', submit);
  const props = useDraftForm(send, record, 'properties', submit);
  // Loaded only when the rep may edit, so a view-only record costs no extra requests.
  useEffect(() => writes.getState().load(record), [writes, record]);
  const noun = CRM_OBJECTS[record.objectTypeId].singular;
  const acceptedOf = (id: string | null) => (id ? list.find((w) => w.id === id) : undefined);
  const labels = Object.fromEntries((editable ?? []).map((p) => [p.name, p.label]));
  const forms: Record<Tab, ReactNode> = {
    note: <NoteForm form={note} accepted={acceptedOf(note.acceptedWriteId)} />,
    task: <TaskForm form={task} options={taskOptions} accepted={acceptedOf(task.acceptedWriteId)} />,
    call: <CallForm form={call} outcomes={callOutcomes} onRetryOutcomes={loadCallOutcomes} accepted={acceptedOf(call.acceptedWriteId)} />,
    properties: editable && (
      <PropertiesForm noun={noun} form={props} properties={editable} current={current} overlay={overlay} accepted={acceptedOf(props.acceptedWriteId)} acceptedSummary={(w) => writeSummary(w, labels)} />
    ),
  };
  // Only the kinds this object takes (calls are logged on contacts only); Edit once there is something to edit.
  const tabs = ORDER.filter((t) => KIND_OBJECTS[t].includes(record.objectTypeId) && (t !== 'properties' || (editable !== null && editable.length > 0)));

  // Refs, not document.getElementById: the panel lives in a shadow root, which the document's lookup does not enter.
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());
  // WAI-ARIA tabs with automatic activation: moving focus selects, and only the selected tab is tabbable.
  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.indexOf(tab);
    const to = e.key === 'ArrowRight' ? (at + 1) % tabs.length : e.key === 'ArrowLeft' ? (at + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = tabs[to]!;
    setTab(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <section className="ps-write-panel" aria-label={`Update this ${noun}`}>
      <div role="tablist" aria-label="What to add" className="ps-tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t}
            ref={(el) => void (el ? buttons.current.set(t, el) : buttons.current.delete(t))}
            id={`${id}-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`${id}-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className="ps-tab"
            onClick={() => setTab(t)}
            data-testid={`portside-tab-${t}`}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      {/* One panel per tab so each tab's aria-controls names an element; only the selected one is shown and filled. */}
      {tabs.map((t) => (
        <div key={t} id={`${id}-panel-${t}`} role="tabpanel" aria-labelledby={`${id}-tab-${t}`} hidden={tab !== t}>
          {tab === t && forms[t]}
        </div>
      ))}
      <RecentWrites noun={noun} writes={list} onRetry={(w) => void retry(w)} history={isAdmin} labels={labels} />
    </section>
  );
}
