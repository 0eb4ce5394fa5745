import { sql, type Kysely } from 'kysely';

/**
 * Logged calls as a write kind: `write_outbox.kind` may now be 'call'. SQLite cannot change a
 * column's CHECK in place, so the table is rebuilt (new table, copy, drop, rename, indexes) the
 * same way on both engines; everything else about the table is as 0004 and 0011 left it.
 */
const COLUMNS = `id, workspace_id, portal_id, contact_id, member_id, hubspot_user_id, owner_id, kind, idempotency_key, request_hash, request, payload, marker, status, attempts, next_attempt_at, lease_owner, lease_expires_at, maybe_sent, wait_reason, last_error, hubspot_object_id, correlation_id, created_at, updated_at, delivered_at, access_checked_at, checked_values`;

async function rebuild(db: Kysely<unknown>, kinds: readonly string[], keep: string): Promise<void> {
  const kindList = sql.join(kinds.map((k) => sql.lit(k)));
  await db.schema
    .createTable('write_outbox_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('hubspot_user_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${kindList})`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('marker', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivering', 'done', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('maybe_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wait_reason', 'text')
    .addColumn('last_error', 'text')
    .addColumn('hubspot_object_id', 'text')
    .addColumn('correlation_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('access_checked_at', 'bigint')
    .addColumn('checked_values', 'text')
    .execute();
  await sql`insert into write_outbox_next (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from write_outbox where ${sql.raw(keep)}`.execute(db);
  await db.schema.dropTable('write_outbox').execute();
  await db.schema.alterTable('write_outbox_next').renameTo('write_outbox').execute();
  await db.schema.createIndex('write_outbox_idem_uq').on('write_outbox').columns(['workspace_id', 'member_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('write_outbox_due_idx').on('write_outbox').columns(['status', 'portal_id', 'next_attempt_at']).execute();
  await db.schema.createIndex('write_outbox_record_idx').on('write_outbox').columns(['portal_id', 'contact_id', 'created_at']).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, ['properties', 'note', 'task', 'call'], '1 = 1');
}

/** Back to 0004's kinds: logged calls cannot be kept under the old CHECK and are dropped. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, ['properties', 'note', 'task'], "kind <> 'call'");
}
