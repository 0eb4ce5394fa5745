import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createLogger } from '../../backend/logger';
import type { MemoryTransport } from '../../backend/mail/memory';
import { startSandbox, type StartedSandbox } from '../../backend/sandbox/start';

/**
 * Pieces every backend harness composes (test/backend/*\/harness.ts, stack.ts, helpers/accounts-app.ts,
 * the e2e stack and the bench's production wiring): the test environment, a clock, captured log
 * lines, the sandbox as HubSpot, the app's mailbox and a loopback listener. Each harness keeps its
 * own wiring; only these repeated parts live here.
 */

/** Config for tests: a cheap KDF (production refuses below 17), logs at info so scans see them. */
export const TEST_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'info', PASSWORD_SCRYPT_LN: '10' } as const;

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public ms = Date.UTC(2030, 0, 1)) {}
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

/** The backend's own logger writing into `logs` (one JSON line per entry), to read or scan for secrets. */
export function captureLogs(level: string): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (logs.push(String(chunk)), cb()) });
  return { logger: createLogger(level, sink), logs };
}

/**
 * The sandbox on a free port with its own rate limit lifted, for suites where the per-portal
 * budget under test is the backend's (or none is), not HubSpot's.
 */
export function startSandboxUnlimited(opts: Omit<NonNullable<Parameters<typeof startSandbox>[0]>, 'port' | 'rateLimit'> = {}): Promise<StartedSandbox> {
  return startSandbox({ port: 0, rateLimit: { max: 10_000_000, intervalMs: 10_000 }, ...opts });
}

/** Apps built by test helpers, with the in-memory mail transport their codes go to. */
const mailboxes = new WeakMap<FastifyInstance, MemoryTransport>();
export function withMailbox(app: FastifyInstance, mail: MemoryTransport): FastifyInstance {
  mailboxes.set(app, mail);
  return app;
}
export function mailboxOf(app: FastifyInstance): MemoryTransport {
  const mail = mailboxes.get(app);
  if (!mail) throw new Error('this app was built without a test mailbox (withMailbox)');
  return mail;
}

/** Serves `app` on a free loopback port (without its onListen hooks when `hooks: false`); its URL. */
export async function listenOnLoopback(app: FastifyInstance, o: { hooks?: boolean } = {}): Promise<string> {
  if (o.hooks === false) {
    await new Promise<void>((resolve, reject) => app.server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  } else {
    await app.listen({ port: 0, host: '127.0.0.1' });
  }
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
