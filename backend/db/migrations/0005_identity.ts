import { sql, type Kysely } from 'kysely';

/**
 * HubSpot identity: member ↔ HubSpot user links (with the admin-mirrored permission levels),
 * the last synced portal directory per workspace, and the admin-set team tree (HubSpot's teams
 * API has no parent ids). Portable DDL only; times are epoch ms, flags 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hubspot_links')
    .addColumn('member_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('hubspot_user_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('super_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deactivated_at', 'bigint')
    .addColumn('view_level', 'text', (c) => c.check(sql`view_level in ('everything', 'team', 'owned')`))
    .addColumn('edit_level', 'text', (c) => c.check(sql`edit_level in ('everything', 'team', 'owned', 'none')`))
    .addColumn('view_unassigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edit_unassigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('linked_by', 'text')
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addColumn('synced_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One member per HubSpot user in a workspace: two members cannot act as the same rep.
  await db.schema
    .createIndex('hubspot_links_user_uq')
    .on('hubspot_links')
    .columns(['workspace_id', 'portal_id', 'hubspot_user_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('hubspot_directory')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('hubspot_directory_pk', ['workspace_id', 'portal_id'])
    .execute();

  await db.schema
    .createTable('hubspot_team_parents')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('parent_team_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hubspot_team_parents_pk', ['workspace_id', 'portal_id', 'team_id'])
    .execute();
}
