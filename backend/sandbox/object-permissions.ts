import { decideAccess, readOwnership, EDIT_ACTION, VIEW_ACTION, type AccessDecision, type AccessReason, type AccessUser, type OwnershipProperties, type PermissionSet, type PermittedUsers, type TeamParents } from './permissions.js';

/**
 * HubSpot's per-object permission sets on top of the contacts model of permissions.ts, as a
 * pure function like it (no state, no clock), so Portside's own checks can be tested against it.
 *
 * - Contacts, companies, deals and tickets each have their own View/Edit levels in HubSpot's
 *   user permissions. A user's object without an explicit set uses their contacts set (the
 *   sandbox's seed users predate per-object sets); `null` means the object is switched off for
 *   the user altogether (e.g. no ticket access: nothing is visible, whatever the ownership).
 * - Deal and ticket pipelines can be limited to some teams and users (HubSpot Enterprise's
 *   pipeline permissions): a user outside the list sees no record in that pipeline, however
 *   broad their object level. Membership is exact: a parent team does not inherit a child
 *   team's pipeline access. Super admins see every pipeline.
 */

export type CrmObject = 'contacts' | 'companies' | 'deals' | 'tickets';
export type ObjectPermissions = Partial<Record<Exclude<CrmObject, 'contacts'>, PermissionSet | null>>;

export interface ObjectAccessUser extends AccessUser {
  objectPermissions: ObjectPermissions;
}

/** Who may see records in a restricted pipeline; `null` for an unrestricted pipeline. */
export interface PipelineAccess {
  teamIds: readonly number[];
  userIds: readonly number[];
}

export type ObjectAccessReason = AccessReason | 'object_not_permitted' | 'pipeline_not_permitted';

export interface ObjectAccessDecision extends Omit<AccessDecision, 'reason'> {
  reason: ObjectAccessReason;
}

export function permissionSetFor(user: ObjectAccessUser, object: CrmObject): PermissionSet | null {
  if (object === 'contacts') return user.permissions;
  const own = user.objectPermissions[object];
  return own === undefined ? user.permissions : own;
}

export function pipelineAllows(user: AccessUser, access: PipelineAccess | null): boolean {
  if (!access || user.superAdmin) return true;
  return access.userIds.includes(user.userId) || user.teamIds.some((t) => access.teamIds.includes(t));
}

export function decideObjectAccess(
  user: ObjectAccessUser,
  object: CrmObject,
  props: OwnershipProperties,
  parents: TeamParents,
  pipeline: PipelineAccess | null = null,
): ObjectAccessDecision {
  const ownership = readOwnership(props, parents);
  const permissions = permissionSetFor(user, object);
  const base = decideAccess({ ...user, permissions: permissions ?? user.permissions }, ownership);
  if (!user.active || user.superAdmin) return base;
  if (permissions === null) return { canView: false, canEdit: false, relation: base.relation, reason: 'object_not_permitted' };
  if (!pipelineAllows(user, pipeline)) return { canView: false, canEdit: false, relation: base.relation, reason: 'pipeline_not_permitted' };
  return base;
}

/** The permitted-users answer for one record of any of the four objects (ids ascending). */
export function permittedObjectUsers(
  users: Iterable<ObjectAccessUser>,
  object: CrmObject,
  props: OwnershipProperties,
  parents: TeamParents,
  pipeline: PipelineAccess | null = null,
): PermittedUsers {
  const view: number[] = [];
  const edit: number[] = [];
  for (const u of users) {
    const d = decideObjectAccess(u, object, props, parents, pipeline);
    if (d.canView) view.push(u.userId);
    if (d.canEdit) edit.push(u.userId);
  }
  view.sort((a, b) => a - b);
  edit.sort((a, b) => a - b);
  return { [VIEW_ACTION]: { permittedUsers: view }, [EDIT_ACTION]: { permittedUsers: edit } };
}
