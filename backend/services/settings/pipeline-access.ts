import type { PortalScope } from '../access/deps';
import type { PipelineAccessBody, PipelineAccessResponse, PipelineRule } from '../../../lib/contract/api/settings';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { Db } from '../../db/schema';
import { objectAvailability } from '../../hubspot/objects';
import { readPipelineRules, writePipelineRules, type PipelineRules, type PipelineType } from '../access/pipeline-rules-store';
import type { Caller } from '../caller';

/**
 * Admin-mirrored pipeline permissions for deals and tickets. HubSpot does not tell apps who may
 * see a pipeline, so when its record permission API is unavailable, access asks these rules
 * (access/decide.ts): no rule for a record's pipeline denies, which is why "this portal restricts
 * no pipelines" (`allUnrestricted`, the '*' row) comes first. Rules are the connected portal's
 * (pipeline ids are per portal) and are written through access's store, which access reads.
 */
export interface PipelineAccessDeps {
  db: Db;
  now(): number;
  installedPortal(workspaceId: string): Promise<{ portalId: string; scopes: readonly string[] } | null>;
  /** The portal's pipelines of the object (the shared pipeline cache). */
  pipelines(at: PortalScope, type: PipelineType): Promise<Result<{ id: string; label: string }[]>>;
}

interface Scope {
  portalId: string;
  listed: { id: string; label: string }[];
  rules: PipelineRules;
}

async function scopeFor(deps: PipelineAccessDeps, caller: Caller<'role'>, type: PipelineType): Promise<Result<Scope>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can set pipeline access.');
  const portal = await deps.installedPortal(caller.workspaceId);
  if (!portal) return fail('portal_not_connected', 'No HubSpot portal is connected to this workspace yet.');
  const available = objectAvailability(portal.scopes, type);
  if (!available.read) {
    const plural = CRM_OBJECTS[type].plural;
    return fail('object_not_available', `${plural} aren't connected: HubSpot didn't grant ${available.missingScopes[0]}. Reconnect HubSpot in Portside options to add ${plural.toLowerCase()}.`, {
      objectType: type,
      missingScopes: available.missingScopes,
      reconnect: true,
    });
  }
  const [listed, rules] = await Promise.all([deps.pipelines({ workspaceId: caller.workspaceId, portalId: portal.portalId }, type), readPipelineRules(deps.db, caller.workspaceId, portal.portalId, type)]);
  if (!listed.ok) return listed;
  return ok({ portalId: portal.portalId, listed: listed.data, rules });
}

/** HubSpot's pipelines with their rules; a rule whose pipeline HubSpot no longer lists stays shown (by id) so it can be removed. */
function answer(type: PipelineType, s: Scope): PipelineAccessResponse {
  const known = new Set(s.listed.map((p) => p.id));
  const gone = [...s.rules.rules.values()].filter((r) => !known.has(r.pipelineId)).map((r) => ({ id: r.pipelineId, label: r.pipelineId, rule: r }));
  return {
    objectType: type,
    allUnrestricted: s.rules.allUnrestricted,
    pipelines: [...s.listed.map((p) => ({ id: p.id, label: p.label, rule: s.rules.rules.get(p.id) ?? null })), ...gone],
  };
}

export async function getPipelineAccess(deps: PipelineAccessDeps, caller: Caller<'role'>, type: PipelineType): Promise<Result<PipelineAccessResponse>> {
  const s = await scopeFor(deps, caller, type);
  return s.ok ? ok(answer(type, s.data)) : s;
}

function problems(body: PipelineAccessBody, allowed: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of body.rules) {
    if (seen.has(r.pipelineId)) out.push(`pipeline ${r.pipelineId} has two rules`);
    seen.add(r.pipelineId);
    if (!allowed.has(r.pipelineId)) out.push(`HubSpot lists no pipeline ${r.pipelineId} in this portal`);
    if (r.access === 'everyone' && (r.teamIds.length || r.userIds.length)) out.push(`pipeline ${r.pipelineId} is open to everyone, so it lists no teams or users`);
  }
  return out;
}

/** Replaces the object's rules for the connected portal, audited. */
export async function setPipelineAccess(deps: PipelineAccessDeps, caller: Caller<'role'>, type: PipelineType, body: PipelineAccessBody, correlationId: string | null): Promise<Result<PipelineAccessResponse>> {
  const s = await scopeFor(deps, caller, type);
  if (!s.ok) return s;
  // A pipeline HubSpot lists, or one that already has a rule (deleted in HubSpot since: re-saving must not fail on it).
  const allowed = new Set([...s.data.listed.map((p) => p.id), ...s.data.rules.rules.keys()]);
  const wrong = problems(body, allowed);
  if (wrong.length) return fail('bad_request', `Pipeline access not saved: ${wrong.join('; ')}.`);
  const now = deps.now();
  const rules = new Map<string, PipelineRule>(body.rules.map((r) => [r.pipelineId, r]));
  await deps.db.transaction().execute(async (trx) => {
    await writePipelineRules(trx, caller.workspaceId, s.data.portalId, type, body, caller.memberId, now);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'settings.pipeline_access.set',
      targetType: 'workspace',
      targetId: caller.workspaceId,
      result: 'ok',
      details: { portalId: s.data.portalId, objectType: type, allUnrestricted: body.allUnrestricted, rules: body.rules, previous: { allUnrestricted: s.data.rules.allUnrestricted, rules: [...s.data.rules.rules.values()] } },
      correlationId,
      at: now,
    });
  });
  return ok(answer(type, { ...s.data, rules: { allUnrestricted: body.allUnrestricted, rules } }));
}
