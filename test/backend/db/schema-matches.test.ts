import { sql, type InsertType, type SelectType } from 'kysely';
import { expect, it } from 'vitest';
import type { Database, Db } from '../../../backend/db/schema';
import { describeEngines } from '../helpers/engines';

/**
 * The one `Database` type (backend/db/schema.ts) against the schema the migrations really build,
 * on SQLite and PostgreSQL. Two halves, each checked by a different tool:
 * - compile time: SCHEMA below must be exactly `SchemaSpec`, which is computed from `Database`:
 *   every table, every column, and per column its kind (text or integer), whether it is nullable,
 *   and whether an insert may leave it out (a `Generated`/`ColumnType` with an optional insert).
 *   A column added to the type and not here, or typed nullable here and not there, is a tsc error.
 * - run time: SCHEMA must equal what Kysely's introspection reads from the migrated database.
 * Together: the type says what the migrations made. Not covered: the CHECK constraints' value
 * lists (the string unions such as `Role` or `ViewLevel` are copied from the migrations by hand),
 * indexes and foreign keys.
 */
type Kind<V> = SelectType<V> extends string | null ? 'text' : 'int';
type Mode<V> = null extends SelectType<V> ? ' null' : undefined extends InsertType<V> ? ' default' : '';
type SchemaSpec = { [T in keyof Database]: { [C in keyof Database[T]]-?: `${Kind<Database[T][C]>}${Mode<Database[T][C]>}` } };

const SCHEMA: SchemaSpec = {
  workspaces: { id: 'text', name: 'text', created_at: 'int', updated_at: 'int' },
  members: { id: 'text', workspace_id: 'text', email: 'text', display_name: 'text null', role: 'text', status: 'text', password_hash: 'text null', email_verified_at: 'int null', last_sign_in_at: 'int null', created_at: 'int', updated_at: 'int' },
  sessions: { id: 'text', workspace_id: 'text', member_id: 'text', token_hash: 'text', stay_signed_in: 'int', idle_timeout_ms: 'int', expires_at: 'int', last_seen_at: 'int', revoked_at: 'int null', created_at: 'int' },
  invites: { id: 'text', workspace_id: 'text', member_id: 'text', token_hash: 'text', created_by: 'text null', expires_at: 'int', used_at: 'int null', revoked_at: 'int null', created_at: 'int' },
  login_throttle: { key: 'text', failures: 'int', window_started_at: 'int', locked_until: 'int null', lockouts: 'int default', last_success_at: 'int null', updated_at: 'int' },
  audit_log: { id: 'text', workspace_id: 'text', actor_member_id: 'text null', actor_hubspot_user_id: 'text null', action: 'text', target_type: 'text', target_id: 'text null', result: 'text', details: 'text default', correlation_id: 'text null', created_at: 'int' },
  verification_codes: { id: 'text', purpose: 'text', subject: 'text', code_hash: 'text', data: 'text default', attempts: 'int default', expires_at: 'int', used_at: 'int null', created_at: 'int' },
  write_outbox: {
    id: 'text', workspace_id: 'text', portal_id: 'text', contact_id: 'text', object_type: 'text default', member_id: 'text', hubspot_user_id: 'text null', owner_id: 'text null', kind: 'text', idempotency_key: 'text',
    request_hash: 'text', request: 'text', payload: 'text', marker: 'text null', status: 'text', attempts: 'int default', next_attempt_at: 'int', lease_owner: 'text null', lease_expires_at: 'int null',
    maybe_sent: 'int default', wait_reason: 'text null', last_error: 'text null', hubspot_object_id: 'text null', correlation_id: 'text null', created_at: 'int', updated_at: 'int', delivered_at: 'int null',
    access_checked_at: 'int null', checked_values: 'text null',
  },
  portal_delivery: { portal_id: 'text', observed_max: 'int null', observed_interval_ms: 'int null', blocked_until: 'int default', breaker_failures: 'int default', breaker_trips: 'int default', breaker_open_until: 'int default', updated_at: 'int', external_count: 'int default', external_until: 'int default' },
  rate_budget_leases: { id: 'text', portal_id: 'text', slots: 'int', granted_at: 'int', at: 'int', answers: 'text null' },
  editable_properties: { workspace_id: 'text', object_type: 'text default', name: 'text', position: 'int', definition: 'text', updated_by: 'text null', updated_at: 'int' },
  hubspot_links: {
    member_id: 'text', workspace_id: 'text', portal_id: 'text', hubspot_user_id: 'text', owner_id: 'text null', email: 'text', name: 'text null', super_admin: 'int default', team_ids: 'text default',
    deactivated_at: 'int null', view_level: 'text null', edit_level: 'text null', view_unassigned: 'int default', edit_unassigned: 'int default', linked_by: 'text null', linked_at: 'int', synced_at: 'int null',
    updated_at: 'int', link_evidence: 'text default',
  },
  hubspot_directory: { workspace_id: 'text', portal_id: 'text', data: 'text', synced_at: 'int' },
  hubspot_team_parents: { workspace_id: 'text', portal_id: 'text', team_id: 'text', parent_team_id: 'text' },
  installs: {
    id: 'text', workspace_id: 'text', portal_id: 'text', hub_domain: 'text null', installer_user_id: 'text null', installer_email: 'text null', installed_by_member_id: 'text null', granted_scopes: 'text',
    missing_optional_scopes: 'text', refresh_token_sealed: 'text', refresh_key_id: 'text', access_token_sealed: 'text', access_key_id: 'text', access_expires_at: 'int', status: 'text', installed_at: 'int',
    last_refresh_at: 'int null', last_success_at: 'int null', last_error_at: 'int null', last_error_code: 'text null', last_error_message: 'text null', last_error_correlation_id: 'text null', updated_at: 'int',
    wrong_hublet: 'text null', wrong_hublet_at: 'int null', permissions_api_refusal: 'text null', permissions_api_refused_at: 'int null',
  },
  install_tickets: {
    id: 'text', token_hash: 'text', workspace_id: 'text', member_id: 'text', session_id: 'text', pin_portal_id: 'text null', status: 'text', result: 'text null', pending_sealed: 'text null',
    pending_key_id: 'text null', created_at: 'int', expires_at: 'int', started_at: 'int null', completed_at: 'int null',
  },
  oauth_states: { state_hash: 'text', ticket_id: 'text', workspace_id: 'text', member_id: 'text', session_id: 'text', scopes: 'text', optional_scopes: 'text', created_at: 'int', expires_at: 'int', used_at: 'int null' },
  cache_seq: { id: 'int', seq: 'int' },
  cache_changes: { topic: 'text', key: 'text', seq: 'int' },
  hubspot_object_levels: {
    member_id: 'text', workspace_id: 'text', object_type: 'text', access: 'text', view_level: 'text null', edit_level: 'text null', view_unassigned: 'int default', edit_unassigned: 'int default',
    set_by: 'text null', updated_at: 'int',
  },
  pipeline_access: { workspace_id: 'text', portal_id: 'text', object_type: 'text', pipeline_id: 'text', access: 'text', team_ids: 'text default', user_ids: 'text default', updated_by: 'text null', updated_at: 'int' },
};

type Live = Record<string, Record<string, string>>;

/** The live schema in SCHEMA's terms. Sorted so a difference reads as one table's columns. */
async function liveSchema(db: Db, engine: 'sqlite' | 'postgres'): Promise<Live> {
  const live: Live = {};
  for (const t of await db.introspection.getTables()) {
    // SQLite lets a primary key that is not an INTEGER hold NULL (a documented legacy quirk), so
    // its introspection calls every text id nullable; PostgreSQL's primary keys are NOT NULL. The
    // code never writes a null id, so a SQLite primary key counts as not null here.
    const pk = engine === 'sqlite' ? new Set((await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${t.name})`.execute(db)).rows.filter((r) => r.pk > 0).map((r) => r.name)) : new Set<string>();
    const cols: Record<string, string> = {};
    for (const c of [...t.columns].sort((a, b) => a.name.localeCompare(b.name))) {
      const type = c.dataType.toLowerCase();
      const kind = type === 'text' ? 'text' : /^(integer|bigint|int4|int8)$/.test(type) ? 'int' : `unexpected type ${type}`;
      cols[c.name] = `${kind}${c.isNullable && !pk.has(c.name) ? ' null' : c.hasDefaultValue ? ' default' : ''}`;
    }
    live[t.name] = cols;
  }
  return live;
}

const sorted = (s: Live): Live => Object.fromEntries(Object.keys(s).sort().map((t) => [t, Object.fromEntries(Object.entries(s[t]!).sort(([a], [b]) => a.localeCompare(b)))]));

describeEngines('the Database type matches the migrated schema', (ctx) => {
  it('every table and column, with its kind, nullability and default', async () => {
    expect(await liveSchema(ctx.db.handle.db, ctx.engine)).toEqual(sorted(SCHEMA));
  });

  it('the comparison is not blind: a column the migrations lack is found missing', async () => {
    const live = await liveSchema(ctx.db.handle.db, ctx.engine);
    const withExtra = sorted({ ...(SCHEMA), workspaces: { ...SCHEMA.workspaces, plan: 'text' } });
    expect(live).not.toEqual(withExtra);
    expect(Object.keys(live.workspaces!)).not.toContain('plan');
  });
});
