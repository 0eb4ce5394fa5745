import { useId, type FormEvent } from 'react';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { AcceptedLine } from './AcceptedLine';
import type { WriteView } from '../../../lib/contract/api/writes';

/** A note on the contact; plain text, sent to HubSpot as inert text. */
export function NoteForm({ form, accepted }: { form: DraftForm; accepted?: WriteView }) {
  const id = useId();
  const body = form.fields.body ?? '';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ kind: 'note', body });
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label="Add a note" data-testid="portside-note-form">
      <label htmlFor={`${id}-body`}>Write a note</label>
      <textarea
        id={`${id}-body`}
        rows={4}
        maxLength={20_000}
        value={body}
        onChange={(e) => form.setField('body', e.target.value)}
        data-testid="portside-note-body"
      />
      <FormError form={form} />
      <button type="submit" className="ps-button" disabled={form.submitting || body.trim() === ''} data-testid="portside-note-save">
        {form.submitting ? 'Saving…' : 'Save note'}
      </button>
      {form.acceptedWriteId && <AcceptedLine what="Note" write={accepted} />}
    </form>
  );
}
