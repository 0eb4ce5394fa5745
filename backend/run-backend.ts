import cluster from 'node:cluster';
import { superviseWorkers } from './cluster';
import { ConfigError, parseConfig } from './config';
import { hasHubSpotCredentials } from './hubspot/app';
import { createLogger } from './logger';
import { NO_CREDENTIALS, startServer, type ServerOptions } from './server';

/**
 * A backend process: parse configuration, start the server, stop cleanly on SIGTERM/SIGINT.
 * backend/main.ts (production, dist/backend/main.js) runs it with no embedded sandbox;
 * backend/dev/main.ts (`npm run backend`) hands it the sandbox for running without credentials.
 */
export async function runBackend(opts: ServerOptions) {
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
  if (!hasHubSpotCredentials(config) && !opts.embeddedHubSpot) {
    process.stderr.write(`portside: ${NO_CREDENTIALS}\n`);
    process.exit(78);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // WORKERS > 1: this process only supervises; each forked worker runs this function again.
  if (config.WORKERS > 1 && cluster.isPrimary) return superviseWorkers(config.WORKERS, logger, config.SHUTDOWN_GRACE_MS);
  let server;
  try {
    server = await startServer(config, logger, opts);
  } catch (err) {
    // Refuse to serve half-started (e.g. a failed migration); the message says what failed.
    logger.fatal({ err: { message: err instanceof Error ? err.message : String(err) } }, 'startup.failed');
    process.exit(1);
  }
  logger.info({ url: server.url, hubspot: server.hubspot.mode }, 'server.started');

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
    await server.close();
    logger.info('shutdown.done');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
