import { useId, type FormEvent } from 'react';
import type { EditableProperty } from '../../../lib/contract/api/settings';
import type { PropertyValue } from '../../../lib/contract/api/writes';
import type { DraftForm } from './useDraftForm';
import { FormError } from './FormError';
import { PropertyInput } from './PropertyInput';
import { AcceptedLine } from './AcceptedLine';
import type { WriteView } from '../../../lib/contract/api/writes';
import type { EditOverlay } from '../../../lib/extension/stores/edit-overlay';

function toValue(p: EditableProperty, raw: string): PropertyValue {
  if (p.type === 'number') return Number(raw);
  if (p.type === 'datetime') return new Date(raw).toISOString();
  return raw;
}

/** HubSpot's stored value as the input shows it (dates as YYYY-MM-DD, datetimes in local time). */
function inputValue(p: EditableProperty, stored: string | null | undefined): string {
  if (!stored) return '';
  if (p.type === 'date') return stored.slice(0, 10);
  if (p.type === 'datetime') {
    const d = new Date(/^\d+$/.test(stored) ? Number(stored) : stored);
    if (Number.isNaN(d.getTime())) return '';
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }
  return stored;
}

/**
 * Edits the properties an admin allowed, starting from HubSpot's current values (or the rep's own
 * saved value the view does not show yet); only fields the rep changed are sent (a draft keeps
 * them until the backend accepts).
 */
export function PropertiesForm({ noun = 'contact', form, properties, current: fromView, overlay = {}, accepted, acceptedSummary = (w) => w.summary }: { noun?: string; form: DraftForm; properties: EditableProperty[]; current: Record<string, string | null>; overlay?: EditOverlay; accepted?: WriteView; acceptedSummary?(w: WriteView): string }) {
  const id = useId();
  const current: Record<string, string | null> = { ...fromView, ...Object.fromEntries(Object.entries(overlay).map(([k, v]) => [k, v.value])) };
  const valueOf = (p: EditableProperty) => form.fields[p.name] ?? inputValue(p, current[p.name]);
  const changed = properties.filter((p) => p.name in form.fields && form.fields[p.name] !== inputValue(p, current[p.name]));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const values = Object.fromEntries(changed.map((p) => [p.name, form.fields[p.name] === '' ? null : toValue(p, form.fields[p.name]!)]));
    void form.submit({ kind: 'properties', properties: values });
  };
  return (
    <form className="ps-form" onSubmit={onSubmit} aria-label={`Edit ${noun} properties`} data-testid="portside-properties-form">
      {properties.map((p) => (
        <div key={p.name} className="ps-field">
          <label htmlFor={`${id}-${p.name}`}>{p.label}</label>
          <PropertyInput id={`${id}-${p.name}`} property={p} value={valueOf(p)} onChange={(v) => form.setField(p.name, v)} />
          {overlay[p.name]?.inHubSpot === false && <p className="ps-pending ps-small" data-testid={`portside-pending-${p.name}`}>Saved, not yet in HubSpot</p>}
        </div>
      ))}
      <FormError form={form} />
      <button type="submit" className="ps-button" disabled={form.submitting || changed.length === 0} data-testid="portside-properties-save">
        {form.submitting ? 'Saving…' : changed.length > 1 ? `Save ${changed.length} changes` : 'Save change'}
      </button>
      {form.acceptedWriteId && <AcceptedLine what={accepted ? `Change to ${acceptedSummary(accepted)}` : 'Change'} write={accepted} />}
    </form>
  );
}
