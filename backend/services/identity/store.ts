import type { LevelObjectType, ObjectLevels, PermissionLevels } from '../../../lib/contract/api/identity';
import type { Directory } from './directory';
import type { Selectable } from 'kysely';
import type { Database, Db, LinkRow } from '../../db/schema';

export type ObjectLevelsRow = Selectable<Database['hubspot_object_levels']>;

/**
 * Identity SQL. Every query filters on the workspace id taken from the caller's session, so a
 * member id or portal id guessed from another workspace behaves like a missing one.
 */

export async function findLink(db: Db, workspaceId: string, memberId: string): Promise<LinkRow | undefined> {
  return db.selectFrom('hubspot_links').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).executeTakeFirst();
}

export async function listLinks(db: Db, workspaceId: string, portalId: string): Promise<LinkRow[]> {
  return db.selectFrom('hubspot_links').selectAll().where('workspace_id', '=', workspaceId).where('portal_id', '=', portalId).execute();
}

/** Replaces the member's link (a member has at most one). */
export async function putLink(db: Db, row: LinkRow): Promise<void> {
  await db.deleteFrom('hubspot_links').where('workspace_id', '=', row.workspace_id).where('member_id', '=', row.member_id).execute();
  await db.insertInto('hubspot_links').values(row).execute();
}

/** Deletes the member's link and, with it, the object levels that belonged to it (0017). */
export async function deleteLink(db: Db, workspaceId: string, memberId: string): Promise<boolean> {
  const res = await db.deleteFrom('hubspot_links').where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).executeTakeFirst();
  await clearObjectLevels(db, workspaceId, memberId);
  return Number(res.numDeletedRows) > 0;
}

export async function clearObjectLevels(db: Db, workspaceId: string, memberId: string): Promise<void> {
  await db.deleteFrom('hubspot_object_levels').where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).execute();
}

/** The member's levels on companies, deals and tickets (rows present = set). */
export async function listObjectLevels(db: Db, workspaceId: string, memberIds: readonly string[]): Promise<ObjectLevelsRow[]> {
  if (memberIds.length === 0) return [];
  return db.selectFrom('hubspot_object_levels').selectAll().where('workspace_id', '=', workspaceId).where('member_id', 'in', [...memberIds]).execute();
}

/** Sets (or, with null, clears: "not set") one object's levels for a member. */
export async function setObjectLevels(db: Db, workspaceId: string, memberId: string, objectType: LevelObjectType, levels: ObjectLevels | null, by: string, now: number): Promise<void> {
  await db.deleteFrom('hubspot_object_levels').where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('object_type', '=', objectType).execute();
  if (!levels) return;
  const set = levels.access === 'levels';
  await db
    .insertInto('hubspot_object_levels')
    .values({
      member_id: memberId,
      workspace_id: workspaceId,
      object_type: objectType,
      access: levels.access,
      view_level: set ? levels.view : null,
      edit_level: set ? levels.edit : null,
      view_unassigned: set && levels.viewUnassigned ? 1 : 0,
      edit_unassigned: set && levels.editUnassigned ? 1 : 0,
      set_by: by,
      updated_at: now,
    })
    .execute();
}

export async function setLevels(db: Db, workspaceId: string, memberId: string, levels: PermissionLevels | null, now: number): Promise<boolean> {
  const res = await db
    .updateTable('hubspot_links')
    .set({
      view_level: levels?.view ?? null,
      edit_level: levels?.edit ?? null,
      view_unassigned: levels?.viewUnassigned ? 1 : 0,
      edit_unassigned: levels?.editUnassigned ? 1 : 0,
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type LinkSnapshot = Pick<LinkRow, 'owner_id' | 'email' | 'name' | 'super_admin' | 'team_ids' | 'deactivated_at' | 'synced_at'>;

export async function updateLinkSnapshot(db: Db, workspaceId: string, memberId: string, snapshot: LinkSnapshot, now: number): Promise<void> {
  await db
    .updateTable('hubspot_links')
    .set({ ...snapshot, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .execute();
}

export async function loadDirectory(db: Db, workspaceId: string, portalId: string): Promise<{ directory: Directory; syncedAt: number } | null> {
  const row = await db
    .selectFrom('hubspot_directory')
    .select(['data', 'synced_at'])
    .where('workspace_id', '=', workspaceId)
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  return row ? { directory: JSON.parse(row.data) as Directory, syncedAt: row.synced_at } : null;
}

export async function saveDirectory(db: Db, workspaceId: string, portalId: string, directory: Directory, syncedAt: number): Promise<void> {
  const data = JSON.stringify(directory);
  await db
    .insertInto('hubspot_directory')
    .values({ workspace_id: workspaceId, portal_id: portalId, data, synced_at: syncedAt })
    .onConflict((oc) => oc.columns(['workspace_id', 'portal_id']).doUpdateSet({ data, synced_at: syncedAt }))
    .execute();
}

export async function loadTeamParents(db: Db, workspaceId: string, portalId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('hubspot_team_parents')
    .select(['team_id', 'parent_team_id'])
    .where('workspace_id', '=', workspaceId)
    .where('portal_id', '=', portalId)
    .execute();
  return new Map(rows.map((r) => [r.team_id, r.parent_team_id]));
}

export async function replaceTeamParents(db: Db, workspaceId: string, portalId: string, parents: ReadonlyMap<string, string>): Promise<void> {
  await db.deleteFrom('hubspot_team_parents').where('workspace_id', '=', workspaceId).where('portal_id', '=', portalId).execute();
  const rows = [...parents].map(([team_id, parent_team_id]) => ({ workspace_id: workspaceId, portal_id: portalId, team_id, parent_team_id }));
  if (rows.length) await db.insertInto('hubspot_team_parents').values(rows).execute();
}
