import { z } from 'zod';
import { migrateToLatest, MIGRATIONS } from '../../db/migrate';
import { defineCommand, EXIT, line } from '../command';

/**
 * Brings the schema to the latest version. The server also migrates on start; running it first
 * from a deploy step means a failed migration stops the deploy, not a running instance. Safe to
 * run while other instances are up (the migrator takes a lock; applied steps are skipped).
 */
export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: ['(no options)'],
  flags: z.strictObject({}),
  async run(ctx) {
    const { db, dialect } = ctx.database();
    const { applied } = await migrateToLatest(db);
    line(ctx.stdout, `migrate: ${dialect}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'} (${Object.keys(MIGRATIONS).length} migrations known)`);
    return EXIT.ok;
  },
});
