import { useId } from 'react';
import type { PermissionLevels } from '../../../lib/contract/api/identity';

const VIEW = [
  ['everything', 'Everything'],
  ['team', 'Team only'],
  ['owned', 'Owned only'],
] as const;
const EDIT = [...VIEW, ['none', 'None']] as const;
export const DEFAULT_LEVELS: PermissionLevels = { view: 'owned', edit: 'owned', viewUnassigned: false, editUnassigned: false };

/**
 * The member's permission levels on one object (contacts unless `object` says otherwise) as set in HubSpot (Settings → Users & Teams), mirrored by an
 * admin. Levels never set show "Not set" rather than a level nobody chose; the first choice starts
 * from the narrowest levels for whatever is not chosen yet.
 */
export function LevelsEditor({ email, object = 'Contact', levels, onChange, disabled }: { email: string; object?: string; levels: PermissionLevels | null; onChange(l: PermissionLevels): void; disabled: boolean }) {
  const id = useId();
  const base = levels ?? DEFAULT_LEVELS;
  const notSet = levels === null;
  return (
    <fieldset className="ps-levels" disabled={disabled}>
      <legend className="ps-sr-only">{object} permissions of {email}</legend>
      <label htmlFor={`${id}-view`}>View</label>
      <select id={`${id}-view`} value={notSet ? '' : base.view} onChange={(e) => onChange({ ...base, view: e.target.value as PermissionLevels['view'] })}>
        {notSet && <option value="" disabled>Not set</option>}
        {VIEW.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <label className="ps-inline">
        <input type="checkbox" checked={base.viewUnassigned} onChange={(e) => onChange({ ...base, viewUnassigned: e.target.checked })} /> + unassigned
      </label>
      <label htmlFor={`${id}-edit`}>Edit</label>
      <select id={`${id}-edit`} value={notSet ? '' : base.edit} onChange={(e) => onChange({ ...base, edit: e.target.value as PermissionLevels['edit'] })}>
        {notSet && <option value="" disabled>Not set</option>}
        {EDIT.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <label className="ps-inline">
        <input type="checkbox" checked={base.editUnassigned} onChange={(e) => onChange({ ...base, editUnassigned: e.target.checked })} /> + unassigned
      </label>
    </fieldset>
  );
}
