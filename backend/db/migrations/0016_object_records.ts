import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Writes and allowlists on companies, deals and tickets (issue 20):
 * - `write_outbox.object_type`: the HubSpot object type id of the record the write goes to. Rows
 *   queued before this migration are contacts (`0-1`). `contact_id` keeps its name and holds the
 *   record's id whatever its object: renaming it would touch every delivery file for nothing.
 *   The record-history index leads with the object type, so contact 5 and deal 5 stay apart.
 * - `editable_properties.object_type`: one allowlist per object; the primary key gains the
 *   object type (the same property name, e.g. `name`, exists on several objects). SQLite cannot
 *   change a primary key in place, so there the table is rebuilt; PostgreSQL swaps the constraint.
 */
const OBJECT_TYPES = sql`object_type in ('0-1', '0-2', '0-3', '0-5')`;
const PROPERTY_COLUMNS = 'workspace_id, name, position, definition, updated_by, updated_at';

type AnyDb = Kysely<unknown>;
const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

async function recordIndex(db: AnyDb, columns: string[]): Promise<void> {
  await db.schema.dropIndex('write_outbox_record_idx').execute();
  await db.schema.createIndex('write_outbox_record_idx').on('write_outbox').columns(columns).execute();
}

/** SQLite: the allowlist table rebuilt with or without `object_type`, keeping the rows `keep` selects. */
async function rebuildProperties(db: AnyDb, withObjectType: boolean, keep: string): Promise<void> {
  let t: CreateTableBuilder<string, string> = db.schema.createTable('editable_properties_next').addColumn('workspace_id', 'text', (c) => c.notNull());
  if (withObjectType) t = t.addColumn('object_type', 'text', (c) => c.notNull().defaultTo('0-1').check(OBJECT_TYPES));
  await t
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('editable_properties_pk', withObjectType ? ['workspace_id', 'object_type', 'name'] : ['workspace_id', 'name'])
    .execute();
  await sql`insert into editable_properties_next (${sql.raw(PROPERTY_COLUMNS)}) select ${sql.raw(PROPERTY_COLUMNS)} from editable_properties where ${sql.raw(keep)}`.execute(db);
  await db.schema.dropTable('editable_properties').execute();
  await db.schema.alterTable('editable_properties_next').renameTo('editable_properties').execute();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('write_outbox').addColumn('object_type', 'text', (c) => c.notNull().defaultTo('0-1').check(OBJECT_TYPES)).execute();
  await recordIndex(db, ['portal_id', 'object_type', 'contact_id', 'created_at']);

  if (isPostgres(db)) {
    await db.schema.alterTable('editable_properties').addColumn('object_type', 'text', (c) => c.notNull().defaultTo('0-1').check(OBJECT_TYPES)).execute();
    await db.schema.alterTable('editable_properties').dropConstraint('editable_properties_pk').execute();
    await db.schema.alterTable('editable_properties').addPrimaryKeyConstraint('editable_properties_pk', ['workspace_id', 'object_type', 'name']).execute();
  } else {
    await rebuildProperties(db, true, '1 = 1');
  }
}

/** Back to contacts only: writes and allowlist entries of other objects cannot be kept and are dropped. */
export async function down(db: AnyDb): Promise<void> {
  await sql`delete from write_outbox where object_type <> '0-1'`.execute(db);
  await db.schema.dropIndex('write_outbox_record_idx').execute();
  await db.schema.alterTable('write_outbox').dropColumn('object_type').execute();
  await db.schema.createIndex('write_outbox_record_idx').on('write_outbox').columns(['portal_id', 'contact_id', 'created_at']).execute();

  if (isPostgres(db)) {
    await sql`delete from editable_properties where object_type <> '0-1'`.execute(db);
    await db.schema.alterTable('editable_properties').dropConstraint('editable_properties_pk').execute();
    await db.schema.alterTable('editable_properties').addPrimaryKeyConstraint('editable_properties_pk', ['workspace_id', 'name']).execute();
    await db.schema.alterTable('editable_properties').dropColumn('object_type').execute();
  } else {
    await rebuildProperties(db, false, "object_type = '0-1'");
  }
}
