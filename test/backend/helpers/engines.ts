import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../../backend/db/database';
import { migrateToLatest } from '../../../backend/db/migrate';

/**
 * Runs backend suites against both engines. Each call of `describeEngines` gets, per engine, a
 * brand-new database for the file: a temp-dir SQLite file, or a fresh PostgreSQL database created
 * on the cluster that test/setup/postgres.ts started (`inject('pgUrl')`). When there is no
 * PostgreSQL (possible only outside CI), the PostgreSQL half shows up as a skipped suite named
 * for the reason.
 */
export type EngineName = 'sqlite' | 'postgres';
export const ENGINES: readonly EngineName[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  engine: EngineName;
  handle: DatabaseHandle;
  /** The env that makes `parseConfig`/`createDatabase` open this same database. */
  env: { DATA_DIR: string; DATABASE_URL?: string };
  /** Closes the handle and deletes the database (file or PG database). */
  destroy(): Promise<void>;
}

export async function createTestDatabase(engine: EngineName, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-db-'));
  if (engine === 'sqlite') {
    const env = { DATA_DIR: dataDir };
    const handle = createDatabase(env);
    if (opts.migrate !== false) await migrateToLatest(handle.db);
    return {
      engine,
      handle,
      env,
      async destroy() {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('pgUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available (pgUrl is null)');
  const name = `portside_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { DATA_DIR: dataDir, DATABASE_URL: url.toString() };
  const handle = createDatabase(env, { poolSize: 5 });
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  return {
    engine,
    handle,
    env,
    async destroy() {
      await handle.close();
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What a suite body receives: the database is there from `beforeAll` on (read it inside hooks/tests). */
export interface EngineContext {
  readonly engine: EngineName;
  readonly db: TestDatabase;
}

export function pgAvailable(): boolean {
  return Boolean(inject('pgUrl'));
}

export function describeEngines(name: string, suite: (ctx: EngineContext) => void, opts: { migrate?: boolean } = {}): void {
  for (const engine of ENGINES) {
    if (engine === 'postgres' && !pgAvailable()) {
      describe.skip(`${name} [postgres] — SKIPPED: no PostgreSQL on this machine (under CI=true this fails instead)`, () => {
        it('needs PostgreSQL', () => {});
      });
      continue;
    }
    describe(`${name} [${engine}]`, () => {
      let current: TestDatabase | undefined;
      const ctx: EngineContext = {
        engine,
        get db() {
          if (!current) throw new Error('the test database is created in beforeAll; read ctx.db inside hooks and tests');
          return current;
        },
      };
      beforeAll(async () => {
        current = await createTestDatabase(engine, opts);
      });
      afterAll(async () => {
        await current?.destroy();
      });
      suite(ctx);
    });
  }
}
