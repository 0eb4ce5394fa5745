import { sql, type Kysely } from 'kysely';

/**
 * Who may see the records of each deal or ticket pipeline, as an admin mirrored it from HubSpot
 * (HubSpot does not share pipeline permissions with apps); read only when the record permission
 * API is not available. `pipeline_id = '*'`: the admin said this portal restricts no pipeline of
 * the object (always `everyone`). `restricted`: only the listed users and members of the listed
 * teams (JSON arrays of HubSpot ids).
 * Keyed by portal as well as workspace: pipeline ids are the portal's own (`default` exists in
 * every portal), so a workspace that connects another portal must not inherit the old rules.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipeline_access')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull().check(sql`object_type in ('0-3', '0-5')`))
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access in ('everyone', 'restricted')`))
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pipeline_access_pk', ['workspace_id', 'portal_id', 'object_type', 'pipeline_id'])
    .addCheckConstraint('pipeline_access_star', sql`pipeline_id <> '*' or access = 'everyone'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pipeline_access').execute();
}
