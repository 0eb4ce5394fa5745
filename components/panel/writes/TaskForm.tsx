import { useId, type FormEvent } from 'react';
import { TASK_PRIORITIES, TASK_TYPES } from '../../../lib/api/task-options';
import type { TaskWriteBody } from '../../../lib/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { AcceptedLine } from './AcceptedLine';
import type { WriteView } from '../../../lib/api/writes';

const PRIORITY_LABELS: Record<string, string> = { NONE: 'None', LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };
const TYPE_LABELS: Record<string, string> = { TODO: 'To-do', CALL: 'Call', EMAIL: 'Email', LINKED_IN: 'LinkedIn', MEETING: 'Meeting' };

/** Due dates are picked as a local date and sent as 09:00 local time, as HubSpot's own task form does. */
function dueAt(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T09:00:00`);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${date}T09:00:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function TaskForm({ form, accepted }: { form: DraftForm; accepted?: WriteView }) {
  const id = useId();
  const f = form.fields;
  const subject = f.subject ?? '';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: TaskWriteBody = { kind: 'task', subject, status: 'NOT_STARTED' };
    if (f.body?.trim()) body.body = f.body;
    const due = dueAt(f.due ?? '');
    if (due) body.dueAt = due;
    if (f.priority) body.priority = f.priority as TaskWriteBody['priority'];
    if (f.type) body.type = f.type as TaskWriteBody['type'];
    void form.submit(body);
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label="Create a task" data-testid="portside-task-form">
      <label htmlFor={`${id}-subject`}>Task title</label>
      <input id={`${id}-subject`} value={subject} maxLength={500} onChange={(e) => form.setField('subject', e.target.value)} data-testid="portside-task-subject" />
      <label htmlFor={`${id}-due`}>Due</label>
      <input id={`${id}-due`} type="date" value={f.due ?? ''} onChange={(e) => form.setField('due', e.target.value)} data-testid="portside-task-due" />
      {/* Two columns at most: in the panel's 300 px three did not fit, and the selects showed "To-d" and "Nor". */}
      <div className="ps-form-row">
        <span className="ps-field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={f.type ?? 'TODO'} onChange={(e) => form.setField('type', e.target.value)} data-testid="portside-task-type">
            {TASK_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
          </select>
        </span>
        <span className="ps-field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select id={`${id}-priority`} value={f.priority ?? 'NONE'} onChange={(e) => form.setField('priority', e.target.value)} data-testid="portside-task-priority">
            {TASK_PRIORITIES.map((p) => <option key={p} value={p}>{PRIORITY_LABELS[p]}</option>)}
          </select>
        </span>
      </div>
      <label htmlFor={`${id}-body`}>Notes</label>
      <textarea id={`${id}-body`} rows={2} value={f.body ?? ''} onChange={(e) => form.setField('body', e.target.value)} />
      <FormError form={form} />
      <button type="submit" className="ps-button" disabled={form.submitting || subject.trim() === ''} data-testid="portside-task-save">
        {form.submitting ? 'Saving…' : 'Create task'}
      </button>
      {form.acceptedWriteId && <AcceptedLine what="Task" write={accepted} />}
    </form>
  );
}
