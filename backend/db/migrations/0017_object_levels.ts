import { sql, type Kysely } from 'kysely';

/**
 * A member's admin-mirrored HubSpot permission levels on companies (`0-2`), deals (`0-3`) and
 * tickets (`0-5`), used when HubSpot's record permission API is not available. Contacts' levels
 * stay in `hubspot_links` (0005). `access = 'none'`: HubSpot gives the member no access to the
 * object at all (levels null); `'levels'`: view/edit levels as for contacts (same CHECKs as 0005).
 * No row = not set. Rows belong to the member's link and are deleted with it (identity store).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hubspot_object_levels')
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull().check(sql`object_type in ('0-2', '0-3', '0-5')`))
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access in ('levels', 'none')`))
    .addColumn('view_level', 'text', (c) => c.check(sql`view_level in ('everything', 'team', 'owned')`))
    .addColumn('edit_level', 'text', (c) => c.check(sql`edit_level in ('everything', 'team', 'owned', 'none')`))
    .addColumn('view_unassigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edit_unassigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('set_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('hubspot_object_levels_pk', ['member_id', 'object_type'])
    // Levels are there exactly when the access is 'levels'.
    .addCheckConstraint(
      'hubspot_object_levels_shape',
      sql`(access = 'none' and view_level is null and edit_level is null) or (access = 'levels' and view_level is not null and edit_level is not null)`,
    )
    .execute();
  await db.schema.createIndex('hubspot_object_levels_ws_idx').on('hubspot_object_levels').columns(['workspace_id', 'member_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hubspot_object_levels').execute();
}
