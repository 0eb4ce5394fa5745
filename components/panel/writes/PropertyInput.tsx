import type { EditableProperty } from '../../../lib/contract/api/settings';

interface Props {
  id: string;
  property: EditableProperty;
  value: string;
  onChange(value: string): void;
}

/** The input HubSpot would show for a property of this type. */
export function PropertyInput({ id, property: p, value, onChange }: Props) {
  const common = { id, value, onChange: (e: { target: { value: string } }) => onChange(e.target.value), 'data-testid': `portside-prop-${p.name}` };
  if (p.type === 'enumeration' || p.type === 'bool') {
    const options = p.type === 'bool' && p.options.length === 0 ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : p.options;
    return (
      <select {...common}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    );
  }
  if (p.type === 'number') return <input {...common} type="number" inputMode="decimal" />;
  if (p.type === 'date') return <input {...common} type="date" />;
  if (p.type === 'datetime') return <input {...common} type="datetime-local" />;
  if (p.fieldType === 'textarea') return <textarea {...common} rows={2} />;
  return <input {...common} type={p.fieldType === 'phonenumber' ? 'tel' : 'text'} maxLength={65_536} />;
}
