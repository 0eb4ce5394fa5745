import { ConfigError, parseConfig } from './config';
import { createLogger } from './logger';
import { buildApp } from './app';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';

/** Process entry: parse configuration, start the server, stop cleanly on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`portside: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const database = createDatabase(config);
  try {
    const { applied } = await migrateToLatest(database.db);
    logger.info({ dialect: database.dialect, applied }, 'db.migrated');
  } catch (err) {
    // Refuse to serve on a half-migrated schema; the message names the failing migration.
    logger.fatal({ err: { message: err instanceof Error ? err.message : String(err) } }, 'db.migration_failed');
    await database.close();
    process.exit(1);
  }
  const app = await buildApp({ config, logger, database });
  await app.listen({ port: config.PORT, host: config.HOST });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutdown.start');
    const force = setTimeout(() => {
      logger.error('shutdown.timeout');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    await app.close();
    // After the server: in-flight requests finish with the database still open.
    await database.close();
    logger.info('shutdown.done');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
