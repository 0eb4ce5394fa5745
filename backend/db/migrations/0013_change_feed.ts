import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A change feed for the caches several backend instances keep in memory (the session memo, the
 * install cache): every change that can end a session or alter an install bumps one global
 * sequence and stamps the workspace's row in `cache_changes` with it, inside the writing
 * transaction. Each instance polls `cache_changes where seq > last` and drops what changed.
 *
 * Triggers, not calls from the services, so every writer is covered: this process, other
 * instances, the CLI (force-reconnect, key rotation) and hand-run SQL. Only the columns the
 * caches depend on fire them: a session's `last_seen_at` touch or an install's health fields do not.
 *
 * Ordering: the sequence lives in one row that every bump updates, so a bump holds that row's
 * lock until its transaction commits (PostgreSQL) or runs alone (SQLite, one writer). Sequence
 * order is therefore commit order, and a reader that saw seq N has seen every change below N.
 */
const WATCHED: { table: string; topic: 'auth' | 'install'; update: string[] }[] = [
  { table: 'sessions', topic: 'auth', update: ['revoked_at', 'expires_at', 'idle_timeout_ms', 'token_hash', 'member_id', 'workspace_id'] },
  { table: 'members', topic: 'auth', update: ['status', 'role', 'email', 'workspace_id'] },
  {
    table: 'installs',
    topic: 'install',
    update: ['status', 'access_token_sealed', 'refresh_token_sealed', 'access_expires_at', 'granted_scopes', 'portal_id', 'workspace_id', 'id'],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('cache_seq').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('seq', 'bigint', (c) => c.notNull()).execute();
  await sql`insert into cache_seq (id, seq) values (1, 0)`.execute(db);
  await db.schema
    .createTable('cache_changes')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cache_changes_pk', ['topic', 'key'])
    .execute();
  await db.schema.createIndex('cache_changes_seq_idx').on('cache_changes').column('seq').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

/**
 * Deferred to commit: the sequence row is then the last lock a transaction takes, so two
 * transactions that touch the same sessions and members in different orders (a disable and a
 * sign-out at once) cannot deadlock on it.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function portside_cache_change() returns trigger language plpgsql as $$
    declare
      ws text;
      s bigint;
    begin
      if tg_op = 'DELETE' then ws := old.workspace_id; else ws := new.workspace_id; end if;
      update cache_seq set seq = seq + 1 where id = 1 returning seq into s;
      insert into cache_changes (topic, key, seq) values (tg_argv[0], ws, s)
        on conflict (topic, key) do update set seq = excluded.seq;
      return null;
    end $$`.execute(db);
  for (const w of WATCHED) {
    const fire = (name: string, event: string) =>
      sql`create constraint trigger ${sql.id(`${w.table}_${name}_change`)} after ${sql.raw(event)} on ${sql.id(w.table)} deferrable initially deferred for each row execute function portside_cache_change(${sql.lit(w.topic)})`.execute(db);
    await fire('update', `update of ${w.update.join(', ')}`);
    await fire('delete', 'delete');
    if (w.table === 'installs') await fire('insert', 'insert');
  }
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  for (const w of WATCHED) {
    const fire = async (name: string, event: string, row: 'new' | 'old') => {
      // SQLite triggers take no arguments: one per table and event, the topic written in.
      await sql`
        create trigger ${sql.id(`${w.table}_${name}_change`)} after ${sql.raw(event)} on ${sql.id(w.table)} for each row begin
          update cache_seq set seq = seq + 1 where id = 1;
          insert or replace into cache_changes (topic, key, seq) values (${sql.lit(w.topic)}, ${sql.raw(row)}.workspace_id, (select seq from cache_seq where id = 1));
        end`.execute(db);
    };
    await fire('update', `update of ${w.update.join(', ')}`, 'new');
    await fire('delete', 'delete', 'old');
    if (w.table === 'installs') await fire('insert', 'insert', 'new');
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const w of WATCHED) {
    for (const name of ['update', 'delete', ...(w.table === 'installs' ? ['insert'] : [])]) {
      const trigger = sql.id(`${w.table}_${name}_change`);
      await (postgres ? sql`drop trigger if exists ${trigger} on ${sql.id(w.table)}` : sql`drop trigger if exists ${trigger}`).execute(db);
    }
  }
  if (postgres) await sql`drop function if exists portside_cache_change()`.execute(db);
  await db.schema.dropTable('cache_changes').execute();
  await db.schema.dropTable('cache_seq').execute();
}
