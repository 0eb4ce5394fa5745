import type { Result } from '../../../lib/contract/errors';
import type { PortalSend } from '../../hubspot/portal-send';
import { readPipelines, type PipelineDefinition, type PipelineObjectName } from '../../hubspot/pipelines';
import type { PortalScope } from './deps';
import { ReadThroughCache } from './read-through-cache';

/**
 * The labels of a portal's deal and ticket pipelines and stages, per workspace, portal and object: the
 * record view shows them (records store ids), and the access messages name a pipeline by them.
 * Pipelines change when an admin edits them in HubSpot's settings, so five minutes old is fine;
 * a record naming a pipeline or stage the cached list lacks (just created) triggers one reload,
 * at most once per MISSING_RELOAD_MS, so a record in a stage HubSpot itself no longer lists does
 * not cost a call per view. Lives in access so both access (messages) and records (summaries)
 * use the one cache; backend/compose.ts builds it once. Keyed by portal as well: pipeline ids are
 * the portal's own (`default` is in every portal), so a workspace that connects another portal
 * must not see the old portal's labels.
 */
export type PipelineObjectType = '0-3' | '0-5';

export interface PipelineCache {
  pipelines(at: PortalScope, type: PipelineObjectType): Promise<Result<PipelineDefinition[]>>;
  /** The pipeline's label from what is cached now (never a HubSpot call); null when not known. */
  label(at: PortalScope, type: PipelineObjectType, pipelineId: string): string | null;
}

export interface StageLabels {
  pipeline: string | null;
  stage: string | null;
}

export const PIPELINES_TTL_MS = 5 * 60_000;
/** A failed read is not retried for this long (labels show ids meanwhile). */
export const PIPELINES_RETRY_MS = 30_000;
export const MISSING_RELOAD_MS = 30_000;

const OBJECT_NAME: Record<PipelineObjectType, PipelineObjectName> = { '0-3': 'deals', '0-5': 'tickets' };

export type ReadPipelines = (workspaceId: string, object: PipelineObjectName) => Promise<Result<PipelineDefinition[]>>;

export class HubSpotPipelineCache implements PipelineCache {
  private readonly cache: ReadThroughCache<PipelineDefinition[]>;

  constructor(
    private readonly read: ReadPipelines,
    now: () => number = Date.now,
    opts: { ttlMs?: number; retryAfterMs?: number } = {},
  ) {
    this.cache = new ReadThroughCache({ ttlMs: opts.ttlMs ?? PIPELINES_TTL_MS, retryAfterMs: opts.retryAfterMs ?? PIPELINES_RETRY_MS, now });
  }

  pipelines(at: PortalScope, type: PipelineObjectType): Promise<Result<PipelineDefinition[]>> {
    return this.cache.get(keyOf(at, type), () => this.read(at.workspaceId, OBJECT_NAME[type]));
  }

  label(at: PortalScope, type: PipelineObjectType, pipelineId: string): string | null {
    return this.cache.peek(keyOf(at, type))?.find((p) => p.id === pipelineId)?.label ?? null;
  }

  /**
   * The labels of a record's pipeline and stage, the stage looked up within its pipeline (stage
   * ids repeat across pipelines). An id the list lacks reloads the list once; still missing, its
   * label is null. A failed read gives null labels, never a failed view.
   */
  async stageLabels(at: PortalScope, type: PipelineObjectType, pipelineId: string | null, stageId: string | null): Promise<StageLabels> {
    const key = keyOf(at, type);
    const load = () => this.read(at.workspaceId, OBJECT_NAME[type]);
    if (pipelineId === null) return { pipeline: null, stage: null };
    let list = await this.cache.get(key, load);
    if (list.ok && isMissing(list.data, pipelineId, stageId)) list = await this.cache.refresh(key, MISSING_RELOAD_MS, load);
    if (!list.ok) return { pipeline: null, stage: null };
    const pipeline = list.data.find((p) => p.id === pipelineId);
    return { pipeline: pipeline?.label ?? null, stage: (stageId !== null && pipeline?.stages.find((s) => s.id === stageId)?.label) || null };
  }
}

const keyOf = (at: PortalScope, type: PipelineObjectType) => `${at.workspaceId}|${at.portalId}|${type}`;

function isMissing(list: PipelineDefinition[], pipelineId: string, stageId: string | null): boolean {
  const pipeline = list.find((p) => p.id === pipelineId);
  return !pipeline || (stageId !== null && !pipeline.stages.some((s) => s.id === stageId));
}

/** The production cache: pipelines read through the workspace's install (backend/compose.ts passes its read send). */
export function pipelineCacheFor(sendFor: (workspaceId: string) => PortalSend, now: () => number = Date.now): HubSpotPipelineCache {
  return new HubSpotPipelineCache((ws, object) => readPipelines(sendFor(ws), object), now);
}
