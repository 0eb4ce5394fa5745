import { findStage, isPipelineObject, PIPELINE_PROPERTIES } from './pipelines.js';
import type { PropertyIssue } from './property-validation.js';
import type { CrmRecord, PortalState } from './state.js';
import type { ObjectKind } from './property-defs.js';

/**
 * A deal's `dealstage` (a ticket's `hs_pipeline_stage`) must be a stage of the record's pipeline
 * after the write, so moving a deal to another pipeline needs a stage of that pipeline too.
 * Checked on the merged values, after the per-property validation.
 */
export function checkPipelineStage(portal: PortalState, kind: ObjectKind, record: CrmRecord | null, values: Record<string, string>): PropertyIssue | null {
  if (!isPipelineObject(kind)) return null;
  const names = PIPELINE_PROPERTIES[kind];
  if (!(names.pipeline in values) && !(names.stage in values)) return null;
  const pipelineId = values[names.pipeline] ?? record?.properties[names.pipeline];
  const stageId = values[names.stage] ?? record?.properties[names.stage];
  const pipeline = portal.pipelines[kind].find((p) => p.id === pipelineId);
  if (!pipeline) return { name: names.pipeline, error: 'INVALID_OPTION', message: `${pipelineId ?? ''} is not a valid pipeline`, propertyValue: pipelineId ?? '' };
  if (stageId === undefined || stageId === '' || !findStage(pipeline, stageId)) {
    const allowed = pipeline.stages.map((s) => s.id).join(', ');
    return { name: names.stage, error: 'INVALID_OPTION', message: `${stageId ?? ''} is not a valid stage of pipeline ${pipeline.id}; allowed: [${allowed}]`, propertyValue: stageId ?? '' };
  }
  return null;
}
