import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { ask, type SendMessage } from '../../../lib/extension/ask';
import type { ContactPropertyDefinition, NotAllowableReason } from '../../../lib/contract/api/settings';
import { useAction } from '../useAction';
import { useAnnounce, useTopicVersion } from '../topics';
import { CardProblem, type Problem } from '../CardProblem';
import { CRM_OBJECT_TYPE_IDS, CRM_OBJECTS, type CrmObjectTypeId } from '../../../lib/contract/crm-objects';

const WHY_NOT: Record<NotAllowableReason, string> = {
  read_only: 'read-only in HubSpot',
  calculated: 'calculated by HubSpot',
  unsupported_type: 'type not supported',
  unknown_property: 'no longer exists',
  ownership: 'ownership is changed in HubSpot',
  pipeline: 'moving between pipelines is done in HubSpot',
};

/** Admins: which properties of each object (contacts, companies, deals, tickets) reps may edit from the panel. */
export function EditablePropertiesCard({ send }: { send: SendMessage }) {
  const id = useId();
  const [objectType, setObjectType] = useState<CrmObjectTypeId>('0-1');
  const words = CRM_OBJECTS[objectType];
  const [defs, setDefs] = useState<ContactPropertyDefinition[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(send, 'properties.setObjectEditable');
  const load = useCallback(async () => {
    const r = await ask(send, 'properties.objectDefinitions', { objectType });
    if (!r.ok) {
      setDefs(null);
      return setError(r.error);
    }
    setError(null);
    setDefs(r.data.properties);
    setChosen(new Set(r.data.properties.filter((p) => p.allowed).map((p) => p.name)));
  }, [send, objectType]);
  // The definitions come from the connected portal: connecting or changing it changes them.
  const version = useTopicVersion('install', 'properties');
  const announce = useAnnounce();
  useEffect(() => void load(), [load, version]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (defs ?? []).filter((p) => !q || p.label.toLowerCase().includes(q) || p.name.includes(q));
  }, [defs, filter]);

  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    setChosen(next);
    setSaved(false);
  };

  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="properties-card">
      <h2 id={`${id}-title`}>Properties reps can edit</h2>
      <p className="ps-muted">Reps can change these from the panel on records they may edit. Read-only and calculated properties cannot be chosen, nor a deal's or ticket's pipeline and stage.</p>
      <label htmlFor={`${id}-object`}>Object</label>{' '}
      <select id={`${id}-object`} value={objectType} onChange={(e) => { setObjectType(e.target.value as CrmObjectTypeId); setSaved(false); setFilter(''); }} data-testid="properties-object">
        {CRM_OBJECT_TYPE_IDS.map((t) => <option key={t} value={t}>{CRM_OBJECTS[t].plural}</option>)}
      </select>
      <CardProblem problem={error} notConnected="Connect HubSpot above; then choose which of the portal's properties reps may edit." />
      {defs && (
        <>
          <label htmlFor={`${id}-filter`}>Find a property</label>
          <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <ul className="ps-prop-list" aria-label={`${words.label} properties`}>
            {shown.map((p) => (
              <li key={p.name}>
                <label className="ps-inline">
                  <input
                    type="checkbox"
                    checked={chosen.has(p.name)}
                    disabled={!p.allowable}
                    onChange={(e) => toggle(p.name, e.target.checked)}
                    data-testid={`allow-${p.name}`}
                  />{' '}
                  {p.label} <span className="ps-muted ps-small">({p.name}, {p.type})</span>
                  {!p.allowable && p.notAllowableReason && <span className="ps-muted ps-small"> — {WHY_NOT[p.notAllowableReason]}</span>}
                </label>
              </li>
            ))}
          </ul>
          {save.error && <p role="alert" className="ps-error">{save.error}</p>}
          {saved && <p role="status" className="ps-ok">Saved. Reps see the new fields the next time they open a {words.singular}.</p>}
          <button
            type="button"
            disabled={save.busy}
            onClick={async () => {
              if (await save.run({ objectType, properties: [...chosen] })) {
                setSaved(true);
                announce('properties');
              }
            }}
            data-testid="properties-save"
          >
            Save ({chosen.size} chosen)
          </button>
        </>
      )}
    </section>
  );
}
