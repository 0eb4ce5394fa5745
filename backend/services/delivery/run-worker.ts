import type { Logger } from 'pino';
import type { DeliveryWorker } from './worker';

/**
 * Runs a delivery worker as a process's main job: SIGTERM/SIGINT stop it gracefully (in-flight
 * requests finish and are recorded, unsent writes are released), then `close` (the database)
 * runs and the process exits 0. A second signal, or the grace running out, exits 1; writes still
 * claimed then are picked up by another instance when their lease expires.
 */
export function runWorkerProcess(worker: DeliveryWorker, o: { log: Logger; graceMs: number; close: () => Promise<void> }): void {
  worker.start();
  o.log.info({ owner: worker.owner }, 'delivery.worker_started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    o.log.info({ signal }, 'delivery.worker_stopping');
    const force = setTimeout(() => process.exit(1), o.graceMs + 2_000);
    force.unref();
    await worker.stop(o.graceMs);
    await o.close();
    o.log.info('delivery.worker_stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
