import type { Kysely } from 'kysely';

/**
 * Install states are no longer tied to a browser cookie: the admin's own signed-in extension hands
 * HubSpot's answer back with its session (services/install/complete.ts), so the browser nonce's
 * hash has nothing left to check. Dropped rather than filled with a placeholder.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oauth_states').dropColumn('browser_hash').execute();
}
