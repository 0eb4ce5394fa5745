import { sql, type Kysely } from 'kysely';

/**
 * The HubSpot install: one row per workspace (its portal, installer, scopes, sealed tokens,
 * health), the one-time install tickets the options page mints, and the OAuth states of
 * started installs. Secrets are stored sealed (backend/vault) or as SHA-256 hashes (ticket and
 * state values, the browser binding nonce); never in the clear. Portable DDL; times epoch ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('installs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().unique())
    // One workspace per portal: tokens, the rate budget and record access are all per portal.
    .addColumn('portal_id', 'text', (c) => c.notNull().unique())
    .addColumn('hub_domain', 'text')
    .addColumn('installer_user_id', 'text')
    .addColumn('installer_email', 'text')
    .addColumn('installed_by_member_id', 'text')
    .addColumn('granted_scopes', 'text', (c) => c.notNull())
    .addColumn('missing_optional_scopes', 'text', (c) => c.notNull())
    .addColumn('refresh_token_sealed', 'text', (c) => c.notNull())
    .addColumn('refresh_key_id', 'text', (c) => c.notNull())
    .addColumn('access_token_sealed', 'text', (c) => c.notNull())
    .addColumn('access_key_id', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('connected', 'needs_reconnect')`))
    .addColumn('installed_at', 'bigint', (c) => c.notNull())
    .addColumn('last_refresh_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_error_at', 'bigint')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('last_error_correlation_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Rotation finds rows still sealed with an old key.
  await db.schema.createIndex('installs_refresh_key_idx').on('installs').column('refresh_key_id').execute();

  await db.schema
    .createTable('install_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('pin_portal_id', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'started', 'succeeded', 'failed', 'confirm_required', 'cancelled')`),
    )
    // JSON, never secret: outcome code, diagnostics facts, portal ids for a confirmation.
    .addColumn('result', 'text')
    // A different portal's tokens awaiting the admin's confirmation, sealed (AAD ticket:{id}:pending).
    .addColumn('pending_sealed', 'text')
    .addColumn('pending_key_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('install_tickets_ws_idx').on('install_tickets').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('optional_scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_states_expires_idx').on('oauth_states').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oauth_states').execute();
  await db.schema.dropTable('install_tickets').execute();
  await db.schema.dropTable('installs').execute();
}
