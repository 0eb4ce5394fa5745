import type { Kysely } from 'kysely';

/**
 * Per-install facts HubSpot reported that an admin must see (issue 17 items 7, 9), kept on the
 * install so one portal's trouble never changes how Portside talks to the others:
 * - `wrong_hublet` / `wrong_hublet_at`: HubSpot answered that this portal lives in another data
 *   centre (its `correctHublet`); cleared by the next successful call.
 * - `permissions_api_refusal` / `permissions_api_refused_at`: HubSpot refused the record
 *   permission API to this app (the refusal's kind, e.g. missing_scopes or forbidden); access
 *   checks then follow the ownership model. Cleared when the API answers again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('installs').addColumn('wrong_hublet', 'text').execute();
  await db.schema.alterTable('installs').addColumn('wrong_hublet_at', 'bigint').execute();
  await db.schema.alterTable('installs').addColumn('permissions_api_refusal', 'text').execute();
  await db.schema.alterTable('installs').addColumn('permissions_api_refused_at', 'bigint').execute();
}
