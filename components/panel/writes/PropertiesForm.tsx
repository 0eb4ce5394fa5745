import { useId, type FormEvent } from 'react';
import type { EditableProperty } from '../../../lib/api/settings';
import type { PropertyValue } from '../../../lib/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { PropertyInput } from './PropertyInput';

function toValue(p: EditableProperty, raw: string): PropertyValue {
  if (p.type === 'number') return Number(raw);
  if (p.type === 'datetime') return new Date(raw).toISOString();
  return raw;
}

/** Edits the properties an admin allowed; only fields the rep filled in are sent. */
export function PropertiesForm({ form, properties }: { form: DraftForm; properties: EditableProperty[] }) {
  const id = useId();
  const changed = properties.filter((p) => (form.fields[p.name] ?? '') !== '');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const values = Object.fromEntries(changed.map((p) => [p.name, toValue(p, form.fields[p.name]!)]));
    void form.submit({ kind: 'properties', properties: values });
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label="Edit contact properties" data-testid="portside-properties-form">
      {properties.map((p) => (
        <div key={p.name} className="ps-field">
          <label htmlFor={`${id}-${p.name}`}>{p.label}</label>
          <PropertyInput id={`${id}-${p.name}`} property={p} value={form.fields[p.name] ?? ''} onChange={(v) => form.setField(p.name, v)} />
        </div>
      ))}
      <FormError form={form} />
      <button type="submit" className="ps-button" disabled={form.submitting || changed.length === 0} data-testid="portside-properties-save">
        {form.submitting ? 'Saving…' : changed.length > 1 ? `Save ${changed.length} changes` : 'Save change'}
      </button>
      {form.accepted && <p className="ps-ok" role="status">Saved — sending to HubSpot.</p>}
    </form>
  );
}
