import { useId } from 'react';
import { LEVEL_OBJECT_TYPES, type LevelObjectType, type MemberEntry, type ObjectLevels, type PermissionLevels } from '../../../lib/contract/api/identity';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { DEFAULT_LEVELS, LevelsEditor } from './LevelsEditor';

type Mode = 'not_set' | 'none' | 'levels';

export interface ObjectLevelsChange {
  objectType: LevelObjectType;
  /** null: back to "not set". */
  levels: ObjectLevels | null;
}

const strip = (l: ObjectLevels & { access: 'levels' }): PermissionLevels => ({ view: l.view, edit: l.edit, viewUnassigned: l.viewUnassigned, editUnassigned: l.editUnassigned });

/**
 * A member's HubSpot permissions on companies, deals and tickets, one row each, as an admin
 * mirrors them (HubSpot shares no user's object levels with apps). "Not set" leaves the object to
 * HubSpot's permission API alone (the fallback then says the admin has not set them); "No access"
 * is HubSpot's "no ticket access"; "Copy contacts levels" fills the row from the contact levels,
 * the common case where a role grants the same on every object.
 */
export function ObjectLevelsEditor({ entry, disabled, onChange }: { entry: MemberEntry; disabled: boolean; onChange(c: ObjectLevelsChange): void }) {
  return (
    <div className="ps-object-levels" data-testid="object-levels">
      {LEVEL_OBJECT_TYPES.map((t) => (
        <ObjectRow key={t} objectType={t} email={entry.email} levels={entry.objectLevels?.[t] ?? null} contacts={entry.levels} disabled={disabled} onChange={onChange} />
      ))}
    </div>
  );
}

function ObjectRow(p: { objectType: LevelObjectType; email: string; levels: ObjectLevels | null; contacts: PermissionLevels | null; disabled: boolean; onChange(c: ObjectLevelsChange): void }) {
  const id = useId();
  const label = CRM_OBJECTS[p.objectType].plural;
  const mode: Mode = p.levels === null ? 'not_set' : p.levels.access;
  const set = (levels: ObjectLevels | null) => p.onChange({ objectType: p.objectType, levels });
  const pick = (m: Mode) => {
    if (m === 'not_set') set(null);
    else if (m === 'none') set({ access: 'none' });
    else set({ access: 'levels', ...(p.contacts ?? DEFAULT_LEVELS) });
  };
  return (
    <div className="ps-row" data-testid={`object-levels-${p.objectType}`} data-mode={mode}>
      <label htmlFor={`${id}-mode`}>{label}</label>
      <select id={`${id}-mode`} aria-label={`${label} permissions of ${p.email}`} value={mode} disabled={p.disabled} onChange={(e) => pick(e.target.value as Mode)}>
        <option value="not_set">Not set</option>
        <option value="none">No access</option>
        <option value="levels">Levels</option>
      </select>
      {p.levels?.access === 'levels' && (
        <LevelsEditor email={p.email} object={label} levels={strip(p.levels)} disabled={p.disabled} onChange={(l) => set({ access: 'levels', ...l })} />
      )}
      <button type="button" className="ps-secondary" disabled={p.disabled || !p.contacts} onClick={() => p.contacts && set({ access: 'levels', ...p.contacts })}>
        Copy contacts levels
      </button>
    </div>
  );
}
