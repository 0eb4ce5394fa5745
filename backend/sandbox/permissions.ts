/**
 * HubSpot's record-access model for contacts, as a pure function of a user's permission set,
 * the portal's team tree and a record's ownership properties.
 *
 * This module is the reference the Portside backend's own access logic is tested against, so it
 * has no I/O, no sandbox state and no clock: everything it needs is passed in.
 *
 * The model (HubSpot settings → Users & Teams → Permissions, per object):
 * - View: everything / team only / owned only. Edit: everything / team only / owned only / none.
 *   "Team only" and "Owned only" can each include unassigned records.
 * - Super admins can view and edit every record. Deactivated users can do nothing.
 * - "Owned" means the user's owner id is the record owner (`hubspot_owner_id`) or in
 *   `hs_all_owner_ids`, or the record is shared with the user (`hs_shared_user_ids`).
 * - "Team" means one of the user's teams (primary or secondary) is among the record's accessible
 *   teams: its owners' teams and every ancestor of those (a parent team sees its child teams'
 *   records), as `hs_all_accessible_team_ids` lists them, or the record is shared with one of
 *   the user's teams (`hs_shared_team_ids`). Owned records are team records too.
 * - "Unassigned" means the record has no owner at all.
 * - Edit never exceeds view: a user who cannot view a record cannot edit it.
 */

export type ViewLevel = 'everything' | 'team' | 'owned';
export type EditLevel = 'everything' | 'team' | 'owned' | 'none';

export interface PermissionSet {
  view: ViewLevel;
  edit: EditLevel;
  /** "…and unassigned" ticked on the view level (meaningful for team/owned). */
  viewUnassigned: boolean;
  /** "…and unassigned" ticked on the edit level (meaningful for team/owned). */
  editUnassigned: boolean;
}

export interface AccessUser {
  userId: number;
  /** The user's CRM owner id; `null` for users who are not owners. */
  ownerId: number | null;
  superAdmin: boolean;
  active: boolean;
  /** Primary and secondary teams. */
  teamIds: readonly number[];
  permissions: PermissionSet;
}

/** Parent of each team that has one; teams not in the map are roots. */
export type TeamParents = ReadonlyMap<number, number>;

/** Record properties as HubSpot returns them: strings, multi-values separated by ';'. */
export type OwnershipProperties = Readonly<Record<string, string | null | undefined>>;

export interface RecordOwnership {
  ownerIds: ReadonlySet<number>;
  accessibleTeamIds: ReadonlySet<number>;
  sharedUserIds: ReadonlySet<number>;
  sharedTeamIds: ReadonlySet<number>;
}

/** How a user relates to a record, most specific first. */
export type Relation = 'owned' | 'team' | 'unassigned' | 'other';

export type AccessReason =
  | 'super_admin'
  | 'inactive'
  | 'everything'
  | 'owned'
  | 'shared_with_user'
  | 'team'
  | 'shared_with_team'
  | 'unassigned'
  | 'not_permitted';

export interface AccessDecision {
  canView: boolean;
  canEdit: boolean;
  relation: Relation;
  reason: AccessReason;
}

export function parseIdList(value: string | null | undefined): number[] {
  if (!value) return [];
  const out: number[] = [];
  for (const part of value.split(';')) {
    const trimmed = part.trim();
    if (/^\d+$/.test(trimmed)) out.push(Number(trimmed));
  }
  return out;
}

export function ancestorsOf(teamId: number, parents: TeamParents): number[] {
  const out: number[] = [];
  const seen = new Set<number>([teamId]);
  let current = parents.get(teamId);
  // The seen-set guards against a cyclic tree written through the controls.
  while (current !== undefined && !seen.has(current)) {
    out.push(current);
    seen.add(current);
    current = parents.get(current);
  }
  return out;
}

export function readOwnership(props: OwnershipProperties, parents: TeamParents): RecordOwnership {
  const ownerIds = new Set([...parseIdList(props.hubspot_owner_id), ...parseIdList(props.hs_all_owner_ids)]);
  const teamIds = [
    ...parseIdList(props.hubspot_team_id),
    ...parseIdList(props.hs_all_team_ids),
    ...parseIdList(props.hs_all_accessible_team_ids),
  ];
  const accessibleTeamIds = new Set<number>();
  for (const t of teamIds) {
    accessibleTeamIds.add(t);
    for (const a of ancestorsOf(t, parents)) accessibleTeamIds.add(a);
  }
  return {
    ownerIds,
    accessibleTeamIds,
    sharedUserIds: new Set(parseIdList(props.hs_shared_user_ids)),
    sharedTeamIds: new Set(parseIdList(props.hs_shared_team_ids)),
  };
}

interface RelationDetail {
  relation: Relation;
  reason: 'owned' | 'shared_with_user' | 'team' | 'shared_with_team' | 'unassigned' | 'not_permitted';
}

export function relationOf(user: AccessUser, record: RecordOwnership): RelationDetail {
  if (user.ownerId !== null && record.ownerIds.has(user.ownerId)) return { relation: 'owned', reason: 'owned' };
  if (record.sharedUserIds.has(user.userId)) return { relation: 'owned', reason: 'shared_with_user' };
  if (user.teamIds.some((t) => record.accessibleTeamIds.has(t))) return { relation: 'team', reason: 'team' };
  if (user.teamIds.some((t) => record.sharedTeamIds.has(t))) return { relation: 'team', reason: 'shared_with_team' };
  if (record.ownerIds.size === 0) return { relation: 'unassigned', reason: 'unassigned' };
  return { relation: 'other', reason: 'not_permitted' };
}

function levelAllows(level: EditLevel, includeUnassigned: boolean, relation: Relation): boolean {
  switch (level) {
    case 'everything':
      return true;
    case 'team':
      return relation === 'owned' || relation === 'team' || (relation === 'unassigned' && includeUnassigned);
    case 'owned':
      return relation === 'owned' || (relation === 'unassigned' && includeUnassigned);
    case 'none':
      return false;
  }
}

export function decideAccess(user: AccessUser, record: RecordOwnership): AccessDecision {
  const { relation, reason } = relationOf(user, record);
  if (!user.active) return { canView: false, canEdit: false, relation, reason: 'inactive' };
  if (user.superAdmin) return { canView: true, canEdit: true, relation, reason: 'super_admin' };
  const p = user.permissions;
  const canView = levelAllows(p.view, p.viewUnassigned, relation);
  const canEdit = canView && levelAllows(p.edit, p.editUnassigned, relation);
  if (!canView) return { canView, canEdit, relation, reason: 'not_permitted' };
  const viaEverything = relation === 'other' || (relation === 'unassigned' && p.view === 'everything');
  return { canView, canEdit, relation, reason: viaEverything ? 'everything' : reason };
}

/** Convenience: decide straight from a record's property map. */
export function decideRecordAccess(user: AccessUser, props: OwnershipProperties, parents: TeamParents): AccessDecision {
  return decideAccess(user, readOwnership(props, parents));
}

export const VIEW_ACTION = 'crm-object:VIEW';
export const EDIT_ACTION = 'crm-object:EDIT';

export interface PermittedUsers {
  [VIEW_ACTION]: { permittedUsers: number[] };
  [EDIT_ACTION]: { permittedUsers: number[] };
}

/**
 * The permitted-users answer for one record: every active user of the portal allowed to view
 * and to edit it, ids in ascending order (a stable order keeps comparisons in tests simple).
 */
export function permittedUsers(
  users: Iterable<AccessUser>,
  props: OwnershipProperties,
  parents: TeamParents,
): PermittedUsers {
  const record = readOwnership(props, parents);
  const view: number[] = [];
  const edit: number[] = [];
  for (const u of users) {
    const d = decideAccess(u, record);
    if (d.canView) view.push(u.userId);
    if (d.canEdit) edit.push(u.userId);
  }
  view.sort((a, b) => a - b);
  edit.sort((a, b) => a - b);
  return { [VIEW_ACTION]: { permittedUsers: view }, [EDIT_ACTION]: { permittedUsers: edit } };
}
