import { type Kysely } from 'kysely';

/**
 * The rate budget's ledger becomes leases (services/delivery/rate-budget.ts says why): one row per
 * block of request slots an instance reserved for a portal, instead of one row per request (plus
 * "phantom" rows for requests HubSpot counted that no slot explained). Requests HubSpot counted
 * that no instance reserved become one estimate per portal on `portal_delivery`, with its expiry.
 * The old per-request rows only described windows long past by the time this runs: dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_budget_leases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    // Slots reserved; lowered to the slots used when the lease is closed.
    .addColumn('slots', 'integer', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    // The latest moment HubSpot may count a request of the lease: the lease's end while it is
    // open, the last answer's time once closed.
    .addColumn('at', 'bigint', (c) => c.notNull())
    // Once closed: when each used slot's answer came back, as comma-separated ms after
    // `granted_at`, so each request leaves the window on its own time (null while open).
    .addColumn('answers', 'text')
    .execute();
  await db.schema.createIndex('rate_budget_leases_portal_idx').on('rate_budget_leases').columns(['portal_id', 'at']).execute();
  await db.schema.alterTable('portal_delivery').addColumn('external_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('portal_delivery').addColumn('external_until', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.dropTable('rate_budget_events').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_budget_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_budget_events_portal_idx').on('rate_budget_events').columns(['portal_id', 'at']).execute();
  await db.schema.alterTable('portal_delivery').dropColumn('external_until').execute();
  await db.schema.alterTable('portal_delivery').dropColumn('external_count').execute();
  await db.schema.dropTable('rate_budget_leases').ifExists().execute();
}
