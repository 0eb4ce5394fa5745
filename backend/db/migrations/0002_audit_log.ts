import { sql, type Kysely } from 'kysely';

/**
 * The generic audit trail every feature writes to (accounts now; install and CRM writes later).
 * No foreign keys: audit rows outlive whatever they describe and must never block a write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('actor_member_id', 'text')
    .addColumn('actor_hubspot_user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('ok', 'denied', 'failed')`))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('correlation_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_workspace_time_idx').on('audit_log').columns(['workspace_id', 'created_at']).execute();
}
