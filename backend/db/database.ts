import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { privateDir, privateFile } from '../data-dir';
import type { Database } from './schema';
import { withStatementCache } from './statement-cache';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Readiness probe for /readyz: one trivial query. */
  ping(): Promise<{ ok: boolean; message?: string }>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX?: number | undefined;
}

// PostgreSQL returns int8 (our epoch-ms columns, and COUNT(*)) as strings to avoid precision loss;
// our values are far below 2^53, so numbers are safe and keep both engines' rows identical.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/**
 * Opens the database the configuration names: PostgreSQL if DATABASE_URL is set, else a SQLite
 * file. `warn` hears about a data folder or database file found readable by other users (it is
 * tightened).
 */
export function createDatabase(config: DatabaseConfig, opts: { poolSize?: number; warn?: (message: string) => void } = {}): DatabaseHandle {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, opts.poolSize ?? config.DATABASE_POOL_MAX ?? 10);
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'portside.sqlite');
  // The database, its WAL and shared-memory file are this user's alone. SQLite creates -wal and
  // -shm with the database file's own mode, so a 0600 database keeps them 0600 too; existing
  // ones from an older, looser run are tightened here.
  const warnings = [...privateDir(dir), ...privateFile(file, { create: true }), ...privateFile(`${file}-wal`), ...privateFile(`${file}-shm`)];
  for (const w of warnings) opts.warn?.(w);
  return openSqlite(file);
}

function openSqlite(file: string): DatabaseHandle {
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers run during a write; synchronous=FULL makes each commit durable (audit and
  // outbox rows must survive a power cut, not just a process crash); foreign keys are off by
  // default in SQLite; busy_timeout waits for another process's write instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return wrap(db, 'sqlite');
}

function openPostgres(url: string, max: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, connectionTimeoutMillis: 10_000 });
  // A connection lost to a server restart or failover must not crash the process: the pool's
  // 'error' covers idle clients, and every client gets its own listener for the time it is checked
  // out (pg emits 'error' on it then, and an unheard 'error' event is an uncaught exception). The
  // query in flight still rejects, and the next one reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return wrap(db, 'postgres');
}

function wrap(db: Kysely<Database>, dialect: Dialect): DatabaseHandle {
  let closed = false;
  return {
    db,
    dialect,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return { ok: true };
      } catch {
        // The driver's message can carry host names; readiness only says which check failed.
        return { ok: false, message: 'database unreachable' };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
