import { useId, type FormEvent } from 'react';
import type { CallWriteBody, WriteView } from '../../../lib/contract/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { AcceptedLine } from './AcceptedLine';

/**
 * HubSpot's default call outcomes (its calls guide lists these GUIDs for every portal). Outcomes
 * an admin added in HubSpot are not offered here yet; HubSpot checks the id on delivery.
 */
const OUTCOMES: readonly { value: string; label: string }[] = [
  { value: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', label: 'Connected' },
  { value: '73a0d17f-1163-4015-bdd5-ec830791da20', label: 'No answer' },
  { value: 'b2cf5968-551e-4856-9783-52b3da59a7d0', label: 'Left voicemail' },
  { value: 'a4c4c377-d246-4b32-a13b-75a56a4cd0ff', label: 'Left live message' },
  { value: '9d9162e7-6cf3-4944-bf63-4dff82258764', label: 'Busy' },
  { value: '17b47fee-58de-441e-a44c-c6300d46f273', label: 'Wrong number' },
];

/** A call the rep had with the contact: what was said, which way, and how it went. */
export function CallForm({ form, accepted }: { form: DraftForm; accepted?: WriteView }) {
  const id = useId();
  const f = form.fields;
  const body = f.body ?? '';
  const direction = f.direction === 'INBOUND' ? 'INBOUND' : 'OUTBOUND';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const call: CallWriteBody = { kind: 'call', body, direction };
    // A value kept in an old draft that is no longer offered is not sent.
    if (OUTCOMES.some((o) => o.value === f.outcome)) call.outcome = f.outcome;
    void form.submit(call);
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label="Log a call" data-testid="portside-call-form">
      <fieldset className="ps-form-row">
        <legend>Direction</legend>
        {(['OUTBOUND', 'INBOUND'] as const).map((d) => (
          <label key={d}>
            <input type="radio" name={`${id}-direction`} value={d} checked={direction === d} onChange={() => form.setField('direction', d)} data-testid={`portside-call-${d.toLowerCase()}`} />
            {d === 'OUTBOUND' ? 'Outbound' : 'Inbound'}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-outcome`}>Outcome</label>
      <select id={`${id}-outcome`} value={f.outcome ?? ''} onChange={(e) => form.setField('outcome', e.target.value)} data-testid="portside-call-outcome">
        <option value="">Not set</option>
        {OUTCOMES.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <label htmlFor={`${id}-body`}>What was the call about?</label>
      <textarea id={`${id}-body`} rows={3} maxLength={20_000} value={body} onChange={(e) => form.setField('body', e.target.value)} data-testid="portside-call-body" />
      <FormError form={form} />
      <button type="submit" className="ps-button" disabled={form.submitting || body.trim() === ''} data-testid="portside-call-save">
        {form.submitting ? 'Saving…' : 'Log call'}
      </button>
      {form.acceptedWriteId && <AcceptedLine what="Call" write={accepted} />}
    </form>
  );
}
