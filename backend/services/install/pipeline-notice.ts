import type { InstallNotice, ObjectAvailability } from '../../../lib/contract/api/install';
import type { Db, InstallRow } from '../../db/schema';
import { objectsWithPipelineRules } from './store';

const PIPELINE_OBJECTS = ['0-3', '0-5'] as const;

/**
 * While HubSpot's record permission API is unavailable, access decides deals and tickets from the
 * admin's pipeline rules, and a pipeline with no rule is refused (HubSpot shares no pipeline
 * permissions with apps). An install in that state with an available pipeline object and no rule
 * at all for it would refuse every such record: say so, and where to fix it.
 */
export async function pipelineRulesNotices(db: Db, row: InstallRow, objects: readonly ObjectAvailability[]): Promise<InstallNotice[]> {
  if (!row.permissions_api_refusal || row.permissions_api_refused_at === null) return [];
  const readable = PIPELINE_OBJECTS.filter((t) => objects.some((o) => o.objectType === t && o.read));
  if (readable.length === 0) return [];
  const withRules = await objectsWithPipelineRules(db, row.workspace_id, row.portal_id);
  const missing = readable.filter((t) => !withRules.has(t));
  if (missing.length === 0) return [];
  const nouns = missing.map((t) => (t === '0-3' ? 'deal' : 'ticket'));
  return [
    {
      code: 'pipeline_rules_missing',
      since: new Date(row.permissions_api_refused_at).toISOString(),
      message: `${nouns.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}`).join(' and ')} verdicts need pipeline settings: HubSpot's record permission API is unavailable and HubSpot doesn't share pipeline permissions with apps, so Portside refuses ${nouns.map((n) => `${n}s`).join(' and ')} in pipelines you haven't set.`,
      whatToDo: `In Pipeline access below, tick "This portal restricts no ${nouns[0]} pipelines" if that is so, or set who may see each pipeline as in HubSpot.`,
    },
  ];
}
