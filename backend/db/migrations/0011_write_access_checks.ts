import { sql, type Kysely } from 'kysely';

/**
 * The write path's access checks (issue 16):
 * - `write_outbox.access_checked_at`: when a fresh access check last allowed the write (at
 *   acceptance or by the delivery worker); null while the write is pending its check (accepted
 *   while HubSpot's budget was busy: the panel shows "checking access").
 * - `write_outbox.checked_values`: for property edits, the contact's values of the edited
 *   properties as that check read them (JSON), the audit's "before" when the check serves the
 *   delivery.
 * Rows accepted before this migration were checked at acceptance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('write_outbox').addColumn('access_checked_at', 'bigint').execute();
  await db.schema.alterTable('write_outbox').addColumn('checked_values', 'text').execute();
  await sql`update write_outbox set access_checked_at = created_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('write_outbox').dropColumn('checked_values').execute();
  await db.schema.alterTable('write_outbox').dropColumn('access_checked_at').execute();
}
