import type { TeamTreeBody, TeamsAnswer } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { IdentityDeps } from './deps';
import { installedFor } from './links';
import type { RequestContext } from './ports';
import { replaceTeamParents } from './store';
import type { Caller } from '../caller';

/**
 * The admin-set team tree. HubSpot's teams API gives names but no parents; records normally list
 * their accessible (ancestor) teams themselves, and this tree covers records that do not.
 */

export async function getTeams(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<TeamsAnswer>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can see the team tree.');
  const install = await installedFor(deps, caller);
  if (!install.ok) return install;
  const { portalId } = install.data;
  const state = await deps.cache.get(caller.workspaceId, portalId);
  const ids = new Set([...(state.directory?.teamNames.keys() ?? []), ...state.tree.keys(), ...state.tree.values()]);
  const teams = [...ids]
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => ({ id, name: state.directory?.teamNames.get(id) ?? null, parentTeamId: state.tree.get(id) ?? null }));
  return ok({ portalId, teams });
}

export async function putTeams(deps: IdentityDeps, caller: Caller<'role' | 'email'>, body: TeamTreeBody, ctx: RequestContext): Promise<Result<TeamsAnswer>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can change the team tree.');
  const install = await installedFor(deps, caller);
  if (!install.ok) return install;
  const { portalId } = install.data;
  const parents = new Map<string, string>();
  for (const t of body.teams) {
    if (parents.has(t.id)) return fail('bad_request', `Team ${t.id} is listed twice.`);
    if (t.parentTeamId === t.id) return fail('bad_request', `Team ${t.id} cannot be its own parent.`);
    if (t.parentTeamId) parents.set(t.id, t.parentTeamId);
  }
  const cyclic = cycleIn(parents);
  if (cyclic) return fail('bad_request', `The team tree has a cycle through team ${cyclic}.`);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await replaceTeamParents(trx, caller.workspaceId, portalId, parents);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'identity.teams.set',
      targetType: 'portal',
      targetId: portalId,
      result: 'ok',
      details: { parents: Object.fromEntries(parents) },
      correlationId: ctx.correlationId,
      at: now,
    });
  });
  deps.cache.invalidate(caller.workspaceId, portalId);
  return getTeams(deps, caller);
}

/** A team on a cycle, if any: a cycle would make a team its own ancestor. */
function cycleIn(parents: ReadonlyMap<string, string>): string | null {
  for (const start of parents.keys()) {
    const seen = new Set([start]);
    for (let t = parents.get(start); t !== undefined; t = parents.get(t)) {
      if (seen.has(t)) return start;
      seen.add(t);
    }
  }
  return null;
}
