import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_accounts';
import * as m0002 from './migrations/0002_audit_log';
import * as m0003 from './migrations/0003_login_throttle';
import * as m0004 from './migrations/0004_writes';
import * as m0005 from './migrations/0005_identity';
import * as m0006 from './migrations/0006_install';
import * as m0007 from './migrations/0007_audit_correlation';
import * as m0008 from './migrations/0008_install_session_binding';
import * as m0009 from './migrations/0009_verification';
import * as m0010 from './migrations/0010_rate_budget_leases';
import * as m0011 from './migrations/0011_write_access_checks';
import * as m0013 from './migrations/0013_change_feed';
import * as m0014 from './migrations/0014_install_notices';
import * as m0015 from './migrations/0015_write_kind_call';
import * as m0016 from './migrations/0016_object_records';
import * as m0017 from './migrations/0017_object_levels';
import * as m0018 from './migrations/0018_pipeline_access';

/**
 * Every migration, listed statically: bundling and tsx both work without scanning a folder, and
 * the order is the names' order. Append new files here; never edit or remove an applied one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_accounts': m0001,
  '0002_audit_log': m0002,
  '0003_login_throttle': m0003,
  '0004_writes': m0004,
  '0005_identity': m0005,
  '0006_install': m0006,
  '0007_audit_correlation': m0007,
  '0008_install_session_binding': m0008,
  '0009_verification': m0009,
  '0010_rate_budget_leases': m0010,
  '0011_write_access_checks': m0011,
  '0013_change_feed': m0013,
  '0014_install_notices': m0014,
  '0015_write_kind_call': m0015,
  '0016_object_records': m0016,
  '0017_object_levels': m0017,
  '0018_pipeline_access': m0018,
};

export class MigrationError extends Error {
  constructor(message: string, readonly failedMigration?: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest version. Safe to run on every start and from several instances
 * at once: Kysely's migrator takes a lock, and already-applied migrations are skipped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely<any>: migrations create the schema, so they run before any table type describes it.
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const why = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(setup)'} failed: ${why}`, failed?.migrationName);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
