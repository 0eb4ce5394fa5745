import { useId, type FormEvent } from 'react';
import { DEFAULT_TASK_STATUS, type TaskOption, type TaskOptions } from '../../../lib/contract/api/task-options';
import type { TaskWriteBody } from '../../../lib/contract/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { AcceptedLine } from './AcceptedLine';
import type { WriteView } from '../../../lib/contract/api/writes';


/** Due dates are picked as a local date and sent as 09:00 local time, as HubSpot's own task form does. */
function dueAt(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T09:00:00`);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${date}T09:00:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/**
 * Type and priority offer the portal's own options (the backend reads them from HubSpot). "Not
 * set" sends nothing, as HubSpot has no "none" value. If the options cannot be read the form
 * still creates tasks, without them, and says why.
 */
function OptionSelect({ id, label, value, options, onChange, testId }: { id: string; label: string; value: string; options: TaskOption[]; onChange(v: string): void; testId: string }) {
  return (
    <span className="ps-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">Not set</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </span>
  );
}

export function TaskForm({ form, options, accepted }: { form: DraftForm; options: TaskOptions | { unavailable: string } | null; accepted?: WriteView }) {
  const id = useId();
  const f = form.fields;
  const subject = f.subject ?? '';
  const offered = options && !('unavailable' in options) ? options : null;
  const offers = (list: TaskOption[] | undefined, v: string | undefined) => !!v && !!list?.some((o) => o.value === v);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: TaskWriteBody = { kind: 'task', subject };
    // New tasks start "not started", when this portal has that status.
    if (offers(offered?.status, DEFAULT_TASK_STATUS)) body.status = DEFAULT_TASK_STATUS;
    if (f.body?.trim()) body.body = f.body;
    const due = dueAt(f.due ?? '');
    if (due) body.dueAt = due;
    // A value kept in a draft from before the portal's options changed is not sent.
    if (offers(offered?.priority, f.priority)) body.priority = f.priority;
    if (offers(offered?.type, f.type)) body.type = f.type;
    void form.submit(body);
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label="Create a task" data-testid="portside-task-form">
      <label htmlFor={`${id}-subject`}>Task title</label>
      <input id={`${id}-subject`} value={subject} maxLength={500} onChange={(e) => form.setField('subject', e.target.value)} data-testid="portside-task-subject" />
      <label htmlFor={`${id}-due`}>Due</label>
      <input id={`${id}-due`} type="date" value={f.due ?? ''} onChange={(e) => form.setField('due', e.target.value)} data-testid="portside-task-due" />
      {/* Two columns at most: in the panel's 300 px three did not fit, and the selects showed "To-d" and "Nor". */}
      {offered && (
        <div className="ps-form-row">
          <OptionSelect id={`${id}-type`} label="Type" value={f.type ?? ''} options={offered.type} onChange={(v) => form.setField('type', v)} testId="portside-task-type" />
          <OptionSelect id={`${id}-priority`} label="Priority" value={f.priority ?? ''} options={offered.priority} onChange={(v) => form.setField('priority', v)} testId="portside-task-priority" />
        </div>
      )}
      {options && 'unavailable' in options && (
        <p className="ps-subtitle" role="status" data-testid="portside-task-options-unavailable">
          Task type and priority can't be chosen right now: their options couldn't be read from HubSpot ({options.unavailable}). The task is created without them.
        </p>
      )}
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
