import { useId, type FormEvent } from 'react';
import type { CallOutcomesResponse, CallWriteBody, WriteView } from '../../../lib/contract/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { AcceptedLine } from './AcceptedLine';

type Outcomes = CallOutcomesResponse['outcomes'];

/**
 * The outcome picker offers the portal's own call outcomes (the backend reads HubSpot's list,
 * custom outcomes included). While they load, when the portal has none, or when they cannot be
 * read, the call can still be logged, without an outcome, and the form says so.
 */
function OutcomeField({ id, value, outcomes, onChange, onRetry }: { id: string; value: string; outcomes: Outcomes | { unavailable: string } | null; onChange(v: string): void; onRetry(): void }) {
  if (outcomes === null) {
    return <p className="ps-subtitle" role="status" data-testid="portside-call-outcomes-loading">Loading this HubSpot account's call outcomes…</p>;
  }
  if ('unavailable' in outcomes) {
    return (
      <p className="ps-subtitle" role="status" data-testid="portside-call-outcomes-unavailable">
        The outcome can't be chosen right now: this HubSpot account's call outcomes couldn't be read ({outcomes.unavailable}). Log the call without one, or{' '}
        <button type="button" className="ps-link" onClick={onRetry} data-testid="portside-call-outcomes-retry">try again</button>.
      </p>
    );
  }
  if (outcomes.length === 0) {
    return <p className="ps-subtitle" role="status" data-testid="portside-call-outcomes-empty">This HubSpot account has no call outcomes, so the call is logged without one. An admin can add outcomes in HubSpot's call settings.</p>;
  }
  return (
    <>
      <label htmlFor={id}>Outcome</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid="portside-call-outcome">
        <option value="">Not set</option>
        {outcomes.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
      </select>
    </>
  );
}

/** A call the rep had with the contact: what was said, which way, and how it went. */
export function CallForm({ form, outcomes, onRetryOutcomes, accepted }: { form: DraftForm; outcomes: Outcomes | { unavailable: string } | null; onRetryOutcomes(): void; accepted?: WriteView }) {
  const id = useId();
  const f = form.fields;
  const body = f.body ?? '';
  const direction = f.direction === 'INBOUND' ? 'INBOUND' : 'OUTBOUND';
  const offered = outcomes && !('unavailable' in outcomes) ? outcomes : [];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const call: CallWriteBody = { kind: 'call', body, direction };
    // A value kept in an old draft that the portal no longer offers is not sent.
    if (offered.some((o) => o.id === f.outcome)) call.outcome = f.outcome;
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
      <OutcomeField id={`${id}-outcome`} value={f.outcome ?? ''} outcomes={outcomes} onChange={(v) => form.setField('outcome', v)} onRetry={onRetryOutcomes} />
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
