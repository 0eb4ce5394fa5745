import { sql, type Kysely } from 'kysely';

/**
 * CRM writes: the durable outbox (with idempotency keys), the per-portal delivery state shared by
 * every instance (rate budget parameters, 429 pause, circuit breaker), the rate budget's
 * request log, and the workspace's allowlist of editable contact properties.
 * Portable DDL only; times are epoch ms, flags 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('write_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('hubspot_user_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('properties', 'note', 'task')`))
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
    .execute();
  // The idempotency key is the member's: the same key from two members is two writes.
  await db.schema.createIndex('write_outbox_idem_uq').on('write_outbox').columns(['workspace_id', 'member_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('write_outbox_due_idx').on('write_outbox').columns(['status', 'portal_id', 'next_attempt_at']).execute();
  await db.schema.createIndex('write_outbox_record_idx').on('write_outbox').columns(['portal_id', 'contact_id', 'created_at']).execute();

  await db.schema
    .createTable('portal_delivery')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    // What HubSpot's X-HubSpot-RateLimit-* headers last said; null until a response is seen.
    .addColumn('observed_max', 'integer')
    .addColumn('observed_interval_ms', 'integer')
    // No request may start before this (a 429's Retry-After, or an open breaker).
    .addColumn('blocked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('breaker_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('breaker_trips', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('breaker_open_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One row per HubSpot request started for the portal, by any instance; pruned as it ages out.
  await db.schema
    .createTable('rate_budget_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_budget_events_portal_idx').on('rate_budget_events').columns(['portal_id', 'at']).execute();

  await db.schema
    .createTable('editable_properties')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // The definition (EditableProperty JSON) as HubSpot described it when the admin saved it.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('editable_properties_pk', ['workspace_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['editable_properties', 'rate_budget_events', 'portal_delivery', 'write_outbox']) await db.schema.dropTable(t).ifExists().execute();
}
