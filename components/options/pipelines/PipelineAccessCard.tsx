import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { PipelineAccessResponse, PipelineRule } from '../../../lib/contract/api/settings';
import type { PortalUserEntry } from '../../../lib/contract/api/identity';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { useAction } from '../useAction';
import { useAnnounce, useTopicVersion } from '../topics';
import { CardProblem, type Problem } from '../CardProblem';
import { PipelineRuleRow, type Choice } from './PipelineRuleRow';

type PipelineType = '0-3' | '0-5';

interface Draft {
  allUnrestricted: boolean;
  rules: Map<string, PipelineRule>;
}

const draftOf = (a: PipelineAccessResponse): Draft => ({ allUnrestricted: a.allUnrestricted, rules: new Map(a.pipelines.flatMap((p) => (p.rule ? [[p.id, p.rule] as const] : []))) });

function choicesOf(users: PortalUserEntry[]): { teams: Choice[]; users: Choice[] } {
  const teams = new Map<string, string>();
  for (const u of users) for (const t of u.teams) teams.set(t.id, t.name ?? `Team ${t.id}`);
  return {
    teams: [...teams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    users: users.map((u) => ({ id: u.userId, name: u.name ? `${u.name} (${u.email})` : u.email })),
  };
}

/**
 * Admins: who may see each deal and ticket pipeline, mirrored from HubSpot (Settings → Objects →
 * Deals/Tickets → Pipelines), which does not share pipeline permissions with apps. Used only while
 * HubSpot's record permission API is unavailable. The first control is the common case (Starter
 * and Professional portals have no pipeline permissions): without it, or a rule per pipeline, the
 * fallback refuses every deal in a pipeline it knows nothing about.
 */
export function PipelineAccessCard({ send }: { send: SendMessage }) {
  const id = useId();
  const [type, setType] = useState<PipelineType>('0-3');
  const [answer, setAnswer] = useState<PipelineAccessResponse | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [people, setPeople] = useState<{ teams: Choice[]; users: Choice[] }>({ teams: [], users: [] });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(send, 'pipelines.setAccess');
  const version = useTopicVersion('install', 'identity');
  const announce = useAnnounce();
  const words = CRM_OBJECTS[type];

  const load = useCallback(async () => {
    const r = await ask(send, 'pipelines.access', { objectType: type });
    if (!r.ok) {
      setAnswer(null);
      setDraft(null);
      return setProblem(r.error);
    }
    setProblem(null);
    setAnswer(r.data);
    setDraft(draftOf(r.data));
    // Teams and users to restrict a pipeline to: the portal's directory, asked only once there are pipelines to set.
    const members = await ask(send, 'identity.members', {});
    if (members.ok) setPeople(choicesOf(members.data.hubspotUsers));
  }, [send, type]);
  useEffect(() => void load(), [load, version]);

  const setRule = (pipelineId: string, rule: PipelineRule | null) => {
    if (!draft) return;
    const rules = new Map(draft.rules);
    if (rule) rules.set(pipelineId, rule);
    else rules.delete(pipelineId);
    setDraft({ ...draft, rules });
    setSaved(false);
  };
  const unset = useMemo(() => (answer && draft ? answer.pipelines.filter((p) => !draft.rules.has(p.id)).length : 0), [answer, draft]);

  const onSave = async () => {
    if (!draft) return;
    const r = await save.run({ objectType: type, access: { allUnrestricted: draft.allUnrestricted, rules: [...draft.rules.values()] } });
    if (!r) return;
    setAnswer(r);
    setDraft(draftOf(r));
    setSaved(true);
    // Install health warns while deal verdicts lack pipeline settings: the HubSpot card reloads.
    announce('install');
  };

  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="pipeline-access-card">
      <h2 id={`${id}-title`}>Pipeline access</h2>
      <p className="ps-muted">
        HubSpot does not tell apps who may see a pipeline. When HubSpot's record permission API is unavailable, Portside decides deal and ticket access from what you set here, as in HubSpot.
      </p>
      <label htmlFor={`${id}-object`}>Object</label>{' '}
      <select id={`${id}-object`} value={type} onChange={(e) => { setType(e.target.value as PipelineType); setSaved(false); }}>
        <option value="0-3">Deals</option>
        <option value="0-5">Tickets</option>
      </select>
      <CardProblem problem={problem} notConnected="Connect HubSpot above; then set who may see each pipeline." />
      {answer && draft && (
        <>
          <label className="ps-inline">
            <input type="checkbox" checked={draft.allUnrestricted} onChange={(e) => { setDraft({ ...draft, allUnrestricted: e.target.checked }); setSaved(false); }} data-testid="pipelines-unrestricted" />{' '}
            This portal restricts no {words.singular} pipelines
          </label>
          {!draft.allUnrestricted && (
            <ul className="ps-plain" aria-label={`${words.label} pipelines`}>
              {answer.pipelines.map((p) => (
                <PipelineRuleRow key={p.id} id={p.id} label={p.label} objectPlural={words.plural.toLowerCase()} rule={draft.rules.get(p.id) ?? null} teams={people.teams} users={people.users} disabled={save.busy} onChange={(r) => setRule(p.id, r)} />
              ))}
            </ul>
          )}
          {!draft.allUnrestricted && unset > 0 && (
            <p className="ps-muted" data-testid="pipelines-unset">
              {unset} {unset === 1 ? 'pipeline has' : 'pipelines have'} no rule: while HubSpot's permission API is unavailable, {words.plural.toLowerCase()} in {unset === 1 ? 'it are' : 'them are'} refused.
            </p>
          )}
          {save.error && <p role="alert" className="ps-error">{save.error}</p>}
          <button type="button" onClick={() => void onSave()} disabled={save.busy} data-testid="pipelines-save">Save</button>
          {saved && <span className="ps-ok" role="status"> Saved.</span>}
        </>
      )}
    </section>
  );
}
