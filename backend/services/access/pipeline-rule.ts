import type { PipelineRules } from './pipeline-rules-store';

/**
 * The admin's pipeline rules applied to one deal or ticket on the ownership fallback (HubSpot
 * does not tell apps who may see a pipeline). Exact membership, as HubSpot's pipeline
 * permissions: a listed team admits its own members only, not those of its parent or children.
 *
 *   '*' row (nothing restricted) or rule 'everyone' → pass
 *   'restricted' listing the user or one of their teams → pass
 *   'restricted' not listing them                    → pipeline_not_permitted
 *   no rule for the pipeline                         → pipeline_unknown (nobody said who may see it)
 *
 * A record in no pipeline (the property unset) is restricted by none.
 */
export type PipelineOutcome = { pass: true } | { pass: false; code: 'pipeline_not_permitted' | 'pipeline_unknown' };

export function checkPipeline(who: { userId: string; teamIds: readonly string[] }, pipelineId: string | null, rules: PipelineRules): PipelineOutcome {
  if (pipelineId === null || rules.allUnrestricted) return { pass: true };
  const rule = rules.rules.get(pipelineId);
  if (!rule) return { pass: false, code: 'pipeline_unknown' };
  if (rule.access === 'everyone') return { pass: true };
  const listed = rule.userIds.includes(who.userId) || who.teamIds.some((t) => rule.teamIds.includes(t));
  return listed ? { pass: true } : { pass: false, code: 'pipeline_not_permitted' };
}
