import type { ObjectLevels } from '../../../lib/contract/api/identity';
import type { PipelineRule } from '../../../lib/contract/api/settings';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { applyValues } from '../../../backend/sandbox/crm';
import { PERMISSIONS, type SeedUser } from '../../../backend/sandbox/seed';
import { ACME, type Harness } from '../records/harness';

/**
 * The cases of the access sources table (sources-table.test.ts): every seed user × owner
 * relation × action, on a filler record of each object whose ownership each row rewrites, and
 * the sandbox's own answer to compare with.
 */

export type UserKey = keyof typeof ACME.users;
export type RelationName = 'self' | 'teammate' | 'child team' | 'other team' | 'unassigned' | 'shared with user' | 'shared with team';
export const RELATIONS: RelationName[] = ['self', 'teammate', 'child team', 'other team', 'unassigned', 'shared with user', 'shared with team'];
export const ACTIONS = ['view', 'edit'] as const;
export const OBJECT_NAMES = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals', '0-5': 'tickets' } as const;
/**
 * Filler records, one per object, rewritten per row: contact 111; company 21004 (Nowhere, no
 * owner); deal 22005 (unowned inbound, in the unrestricted "default" pipeline); ticket 23002
 * (no owner, support pipeline "0").
 */
export const FILLER: Record<CrmObjectTypeId, string> = { '0-1': '111', '0-2': '21004', '0-3': '22005', '0-5': '23002' };

const parents = new Map(Object.values(ACME.teams).filter((t) => t.parentTeamId !== null).map((t) => [t.id, t.parentTeamId!]));
export const users = Object.entries(ACME.users) as [UserKey, SeedUser][];
const teamsOf = (u: SeedUser) => [...(u.primaryTeamId !== null ? [u.primaryTeamId] : []), ...u.secondaryTeamIds];
const withAncestors = (teams: number[]) => {
  const out = new Set<number>();
  for (let t of teams) {
    out.add(t);
    while (parents.has(t)) out.add((t = parents.get(t)!));
  }
  return out;
};
const disjoint = (a: Iterable<number>, b: number[]) => ![...a].some((t) => b.includes(t));

export interface Setup {
  owner: SeedUser | null;
  sharedUser?: number;
  sharedTeam?: number;
}

/** Ownership that puts `u` in `relation` with the record, or null when the seed has none. */
export function setupFor(relation: RelationName, u: SeedUser): Setup | null {
  const mine = teamsOf(u);
  const others = users.map(([, v]) => v).filter((v) => v.userId !== u.userId);
  const otherTeam = others.find((v) => teamsOf(v).length > 0 && disjoint(withAncestors(teamsOf(v)), mine));
  switch (relation) {
    case 'self':
      return { owner: u };
    case 'teammate': {
      const v = others.find((x) => teamsOf(x).some((t) => mine.includes(t)));
      return v ? { owner: v } : null;
    }
    case 'child team': {
      const v = others.find((x) => disjoint(teamsOf(x), mine) && !disjoint(withAncestors(teamsOf(x)), mine));
      return v ? { owner: v } : null;
    }
    case 'other team':
      return otherTeam ? { owner: otherTeam } : null;
    case 'unassigned':
      return { owner: null };
    case 'shared with user':
      return otherTeam ? { owner: otherTeam, sharedUser: u.userId } : null;
    case 'shared with team':
      return otherTeam && u.primaryTeamId !== null ? { owner: otherTeam, sharedTeam: u.primaryTeamId } : null;
  }
}

export const rows = users.flatMap(([key, u]) => RELATIONS.flatMap((relation) => (setupFor(relation, u) ? ACTIONS.map((action) => [key, relation, action] as const) : [])));

/** The permission set a seed user has on contacts: super admin, or the PERMISSIONS entry it copies. */
export type SetName = 'superAdmin' | keyof typeof PERMISSIONS;
export const SETS: SetName[] = ['superAdmin', ...(Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])];
export function setOf(u: SeedUser): SetName {
  if (u.superAdmin) return 'superAdmin';
  const hit = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).find((k) => JSON.stringify(PERMISSIONS[k]) === JSON.stringify(u.permissions));
  if (!hit) throw new Error(`seed user ${u.userId} has a permission set the table does not know`);
  return hit;
}

/** What an admin mirrors of the user's HubSpot levels on an object (the sandbox's rule: no own set → the contacts set). */
export function mirroredLevels(u: SeedUser, type: Exclude<CrmObjectTypeId, '0-1'>): ObjectLevels {
  const own = u.objectPermissions?.[OBJECT_NAMES[type]];
  const set = own === undefined ? u.permissions : own;
  return set === null ? { access: 'none' } : { access: 'levels', ...set };
}

/** What an admin mirrors of the portal's pipeline permissions: one rule per pipeline. */
export function mirroredPipelines(h: Harness, type: '0-3' | '0-5'): PipelineRule[] {
  const portal = h.sandbox.sandbox.state.portal(ACME.portalId)!;
  return portal.pipelines[OBJECT_NAMES[type]].map((p) => ({
    pipelineId: p.id,
    access: p.access ? 'restricted' : 'everyone',
    teamIds: (p.access?.teamIds ?? []).map(String),
    userIds: (p.access?.userIds ?? []).map(String),
  }));
}

/** Rewrites a record's ownership in the sandbox, as a HubSpot user editing it would. */
export function setOwnership(h: Harness, type: CrmObjectTypeId, id: string, setup: Setup): void {
  const values = {
    hubspot_owner_id: setup.owner ? String(setup.owner.ownerId) : '',
    hs_shared_user_ids: setup.sharedUser ? String(setup.sharedUser) : '',
    hs_shared_team_ids: setup.sharedTeam ? String(setup.sharedTeam) : '',
  };
  if (type === '0-1') return void h.sandbox.sandbox.control.setContactProperties(ACME.portalId, id, values);
  const portal = h.sandbox.sandbox.state.portal(ACME.portalId)!;
  const record = portal[OBJECT_NAMES[type]].get(id);
  if (!record) throw new Error(`no ${OBJECT_NAMES[type]} ${id} in the seed`);
  applyValues(portal, record, values, Date.now());
}

/** The sandbox's own permitted-users answer for one record. */
export async function sandboxAnswer(h: Harness, type: CrmObjectTypeId, id: string) {
  const hcrn = `hcrn:${ACME.portalId}:crm-object:${type}:${id}`;
  const answer = await h.sandboxGet(h.acme, `/resource-permissions/v3/permitted-users?resource=${hcrn}`);
  const entry = answer.resources[hcrn];
  return { view: entry['crm-object:VIEW'].permittedUsers as number[], edit: entry['crm-object:EDIT'].permittedUsers as number[] };
}
