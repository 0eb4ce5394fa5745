import { sql, type Kysely } from 'kysely';

/**
 * Proof of who is who (issue 14 items 2, 4, 5):
 * - `verification_codes`: one-time codes mailed for sign-up, email verification and HubSpot
 *   link proof; only a hash is stored, with an attempt counter and an expiry.
 * - `hubspot_links.link_evidence`: how a link was proven (`verified_email`, `code_proof`) or that
 *   an admin set it without proof (`unverified`).
 * - Email uniqueness moves to *active* accounts: an invite to an address that has an account in
 *   another workspace can be made (so the admin learns nothing) and fails only at acceptance.
 *   Within one workspace an address is still unique.
 * - Until now no address was proven (a sign-up typed it; an invite code is handed over by the
 *   admin), so every `email_verified_at` is cleared and every existing link starts unverified.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('verification_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('signup', 'email', 'link')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verification_codes_subject_idx').on('verification_codes').columns(['purpose', 'subject']).execute();
  await db.schema.createIndex('verification_codes_expires_idx').on('verification_codes').column('expires_at').execute();

  await db.schema
    .alterTable('hubspot_links')
    .addColumn('link_evidence', 'text', (c) => c.notNull().defaultTo('unverified').check(sql`link_evidence in ('verified_email', 'code_proof', 'unverified')`))
    .execute();

  await db.schema.dropIndex('members_email_uq').execute();
  await db.schema.createIndex('members_email_idx').on('members').column('email').execute();
  await db.schema.createIndex('members_email_active_uq').on('members').column('email').unique().where(sql.ref('status'), '=', sql.lit('active')).execute();
  await db.schema.createIndex('members_workspace_email_uq').on('members').columns(['workspace_id', 'email']).unique().execute();

  await sql`update members set email_verified_at = null`.execute(db);
}
