import pino from 'pino';
import { createDatabase } from '../../../backend/db/database';
import { runWorkerProcess } from '../../../backend/services/delivery/run-worker';
import { wireDelivery } from './stack';

/**
 * A delivery worker in its own process, for the crash and multi-instance tests: the database from
 * DATA_DIR / DATABASE_URL, the sandbox from SANDBOX_URL and SANDBOX_TOKEN, a short lease from
 * LEASE_MS. Prints "ready" once its loop runs.
 */
const env = process.env;
const handle = createDatabase({ DATA_DIR: env.DATA_DIR ?? '.', DATABASE_URL: env.DATABASE_URL }, { poolSize: 3 });
const wired = wireDelivery(handle, { apiBase: env.SANDBOX_URL!, accessToken: env.SANDBOX_TOKEN!, timeoutMs: 5_000, logLevel: env.LOG_LEVEL ?? 'silent' });
const worker = wired.newWorker({ leaseMs: Number(env.LEASE_MS ?? 2_000), pollMs: 50 });
runWorkerProcess(worker, { log: pino({ level: env.LOG_LEVEL ?? 'silent' }), graceMs: 5_000, close: () => handle.close() });
process.stdout.write('ready\n');
