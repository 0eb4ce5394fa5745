import type { PipelineRule } from '../../../lib/contract/api/settings';
import type { Db } from '../../db/schema';

/**
 * Admin-mirrored pipeline permissions (pipeline_access, migration 0018), per workspace, portal
 * and object. Access reads them on its ownership fallback only; the settings service writes them
 * through here (settings sits above access, docs/architecture.md). The `'*'` row is the admin
 * saying "this portal restricts no pipeline of this object" (`allUnrestricted`).
 */

export type PipelineType = '0-3' | '0-5';

export interface PipelineRules {
  allUnrestricted: boolean;
  /** By pipeline id; a pipeline absent here has no rule. */
  rules: ReadonlyMap<string, PipelineRule>;
}

const ALL = '*';

function ids(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    // A hand-edited row that is not JSON lists nobody: a restricted pipeline then denies.
    return [];
  }
}

export async function readPipelineRules(db: Db, workspaceId: string, portalId: string, type: PipelineType): Promise<PipelineRules> {
  const rows = await db
    .selectFrom('pipeline_access')
    .select(['pipeline_id', 'access', 'team_ids', 'user_ids'])
    .where('workspace_id', '=', workspaceId)
    .where('portal_id', '=', portalId)
    .where('object_type', '=', type)
    .execute();
  const rules = new Map<string, PipelineRule>();
  let allUnrestricted = false;
  for (const r of rows) {
    if (r.pipeline_id === ALL) allUnrestricted = true;
    else rules.set(r.pipeline_id, { pipelineId: r.pipeline_id, access: r.access, teamIds: ids(r.team_ids), userIds: ids(r.user_ids) });
  }
  return { allUnrestricted, rules };
}

/** Replaces every rule of the object in this portal (one transaction when `db` is one). */
export async function writePipelineRules(
  db: Db,
  workspaceId: string,
  portalId: string,
  type: PipelineType,
  body: { allUnrestricted: boolean; rules: readonly PipelineRule[] },
  by: string | null,
  now: number,
): Promise<void> {
  await db.deleteFrom('pipeline_access').where('workspace_id', '=', workspaceId).where('portal_id', '=', portalId).where('object_type', '=', type).execute();
  const base = { workspace_id: workspaceId, portal_id: portalId, object_type: type, updated_by: by, updated_at: now };
  const rows = [
    ...(body.allUnrestricted ? [{ ...base, pipeline_id: ALL, access: 'everyone' as const, team_ids: '[]', user_ids: '[]' }] : []),
    ...body.rules
      .filter((r) => r.pipelineId !== ALL)
      .map((r) => ({ ...base, pipeline_id: r.pipelineId, access: r.access, team_ids: JSON.stringify(r.teamIds), user_ids: JSON.stringify(r.userIds) })),
  ];
  if (rows.length) await db.insertInto('pipeline_access').values(rows).execute();
}
