import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * WORKERS > 1: this process becomes a supervisor that forks that many backend processes, each the
 * same as a single backend (migrations are safe from several at once); node:cluster shares the
 * listening port among them. The supervisor serves nothing itself. A worker that dies is replaced
 * (at most once a second, so a crash at start does not spin); SIGTERM/SIGINT are passed on and the
 * supervisor exits when every worker has stopped, or after the grace period.
 */
export function superviseWorkers(count: number, logger: Logger, graceMs: number): void {
  let stopping = false;
  let lastFork = 0;
  const fork = (): Worker => {
    lastFork = Date.now();
    return cluster.fork();
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker.exited');
    setTimeout(fork, Math.max(0, 1_000 - (Date.now() - lastFork)));
  });
  logger.info({ workers: count }, 'cluster.started');
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'cluster.stopping');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => {
      logger.error('cluster.shutdown_timeout');
      process.exit(1);
    }, graceMs + 1_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
