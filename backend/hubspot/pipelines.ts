import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * A portal's deal or ticket pipelines with their stages, `GET /crm/v3/pipelines/{deals|tickets}`
 * (scope: the object's own, `crm.objects.deals.read` or `tickets`). Records store only the ids
 * (`pipeline`/`dealstage`, `hs_pipeline`/`hs_pipeline_stage`); this is where their labels come
 * from. Stage ids are unique only within a pipeline (every ticket pipeline may have a stage "1"),
 * so stages stay under their pipeline. Archived pipelines and stages are kept: a record may still
 * sit in one, and its label is still the right thing to show. Pipeline permissions (Enterprise)
 * are not in the answer: HubSpot shows apps every pipeline.
 */
const Stage = z.object({ id: z.string().min(1), label: z.string() });
const Pipeline = z.object({ id: z.string().min(1), label: z.string(), stages: z.array(Stage) });
const Answer = z.object({ results: z.array(Pipeline) });

export type PipelineObjectName = 'deals' | 'tickets';

export interface PipelineDefinition {
  id: string;
  label: string;
  stages: { id: string; label: string }[];
}

export async function readPipelines(send: PortalSend, object: PipelineObjectName): Promise<SendResult<PipelineDefinition[]>> {
  const res = await send({ method: 'GET', path: `/crm/v3/pipelines/${object}`, operation: `pipelines.${object}` });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer(`the ${object.slice(0, -1)} pipelines`);
  // An empty label is HubSpot's to fix; the id is still a truthful name for it.
  return ok(parsed.data.results.map((p) => ({ id: p.id, label: p.label || p.id, stages: p.stages.map((s) => ({ id: s.id, label: s.label || s.id })) })));
}
