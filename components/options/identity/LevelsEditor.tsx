import { useId } from 'react';
import type { PermissionLevels } from '../../../lib/api/identity';

const VIEW = [
  ['everything', 'Everything'],
  ['team', 'Team only'],
  ['owned', 'Owned only'],
] as const;
const EDIT = [...VIEW, ['none', 'None']] as const;
export const DEFAULT_LEVELS: PermissionLevels = { view: 'owned', edit: 'owned', viewUnassigned: false, editUnassigned: false };

/** The member's contact permissions as set in HubSpot (Settings → Users & Teams), mirrored by an admin. */
export function LevelsEditor({ email, levels, onChange, disabled }: { email: string; levels: PermissionLevels; onChange(l: PermissionLevels): void; disabled: boolean }) {
  const id = useId();
  return (
    <fieldset className="ps-levels" disabled={disabled}>
      <legend className="ps-sr-only">Contact permissions of {email}</legend>
      <label htmlFor={`${id}-view`}>View</label>
      <select id={`${id}-view`} value={levels.view} onChange={(e) => onChange({ ...levels, view: e.target.value as PermissionLevels['view'] })}>
        {VIEW.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <label className="ps-inline">
        <input type="checkbox" checked={levels.viewUnassigned} onChange={(e) => onChange({ ...levels, viewUnassigned: e.target.checked })} /> + unassigned
      </label>
      <label htmlFor={`${id}-edit`}>Edit</label>
      <select id={`${id}-edit`} value={levels.edit} onChange={(e) => onChange({ ...levels, edit: e.target.value as PermissionLevels['edit'] })}>
        {EDIT.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <label className="ps-inline">
        <input type="checkbox" checked={levels.editUnassigned} onChange={(e) => onChange({ ...levels, editUnassigned: e.target.checked })} /> + unassigned
      </label>
    </fieldset>
  );
}
