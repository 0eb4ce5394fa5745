import cluster from 'node:cluster';
import { superviseWorkers } from './cluster';
import { ConfigError, parseConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

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
  if (config.WORKERS > 1 && cluster.isPrimary) return superviseWorkers(config.WORKERS, logger, config.SHUTDOWN_GRACE_MS);
  let server;
  try {
    server = await startServer(config, logger);
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

void main();
