import { useId } from 'react';
import type { PipelineRule } from '../../../lib/contract/api/settings';

export interface Choice {
  id: string;
  name: string;
}

type Mode = 'unset' | 'everyone' | 'restricted';

const picked = (e: React.ChangeEvent<HTMLSelectElement>) => [...e.target.selectedOptions].map((o) => o.value);

/**
 * One pipeline's rule: none yet (the fallback then cannot tell who may see its records), open to
 * everyone with access to the object, or restricted to the listed teams and users (exact team
 * membership, as HubSpot's pipeline permissions work).
 */
export function PipelineRuleRow(p: { id: string; label: string; objectPlural: string; rule: PipelineRule | null; teams: Choice[]; users: Choice[]; disabled: boolean; onChange(r: PipelineRule | null): void }) {
  const uid = useId();
  const mode: Mode = p.rule?.access ?? 'unset';
  const set = (m: Mode) => p.onChange(m === 'unset' ? null : { pipelineId: p.id, access: m, teamIds: m === 'restricted' ? (p.rule?.teamIds ?? []) : [], userIds: m === 'restricted' ? (p.rule?.userIds ?? []) : [] });
  const restricted = p.rule?.access === 'restricted' ? p.rule : null;
  return (
    <li data-testid={`pipeline-${p.id}`} data-mode={mode}>
      <label htmlFor={`${uid}-mode`}>{p.label}</label>{' '}
      <select id={`${uid}-mode`} value={mode} disabled={p.disabled} onChange={(e) => set(e.target.value as Mode)}>
        <option value="unset">Not set</option>
        <option value="everyone">Everyone who can see {p.objectPlural}</option>
        <option value="restricted">Only some teams and users</option>
      </select>
      {mode === 'unset' && <span className="ps-muted ps-small"> — until set, the fallback can't tell who may see records in this pipeline and refuses them.</span>}
      {restricted && (
        <span className="ps-row">
          <select multiple aria-label={`Teams that may see ${p.label}`} value={restricted.teamIds} disabled={p.disabled} onChange={(e) => p.onChange({ ...restricted, teamIds: picked(e) })}>
            {p.teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
          <select multiple aria-label={`Users who may see ${p.label}`} value={restricted.userIds} disabled={p.disabled} onChange={(e) => p.onChange({ ...restricted, userIds: picked(e) })}>
            {p.users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </span>
      )}
    </li>
  );
}
