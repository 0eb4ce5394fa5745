import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';
import { startServer, type RunningServer } from '../../../backend/server';
import { embeddedSandbox } from '../../../backend/dev/embedded-sandbox';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { freePort } from '../../support/port';

export interface Stack {
  /** The backend's base URL, as the extension's options page is told. */
  backendUrl: string;
  /** Where the fake HubSpot serves its HTTPS web pages (the port app.hubspot.com maps to). */
  webPort: number;
  sandbox: StartedSandbox;
  server: RunningServer;
  /** The backend's DATA_DIR: its console mail transport writes sign-up codes under mail/. */
  dataDir: string;
  /**
   * Stops the backend and its embedded sandbox and starts them again on the same DATA_DIR, backend
   * port and web port, as `npm start` after a restart; `sandbox` and `server` then name the new ones.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real backend, started through the same wiring as production, with its embedded HubSpot
 * sandbox (API over HTTP, web pages over HTTPS) and a fresh SQLite database.
 */

export async function startStack(opts: { webPort?: number; env?: Record<string, string>; tokenTtlSeconds?: number } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-e2e-'));
  // The OAuth redirect URI is built from PUBLIC_URL, so the port must be known before start.
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PASSWORD_SCRYPT_LN: '10',
    ...opts.env,
  });
  const boot = (httpsPort: number) => startServer(config, createLogger('silent'), { embeddedHubSpot: embeddedSandbox, sandbox: { port: 0, httpsPort, ...(opts.tokenTtlSeconds ? { tokenTtlSeconds: opts.tokenTtlSeconds } : {}) } });
  const server = await boot(opts.webPort ?? 0);
  const sandbox = server.sandbox!;
  const webPort = Number(new URL(sandbox.webUrl!).port || 443);
  const stack: Stack = {
    backendUrl: server.url.replace('127.0.0.1', 'localhost'),
    webPort,
    sandbox,
    server,
    dataDir,
    async restart() {
      await stack.server.close();
      stack.server = await boot(webPort);
      stack.sandbox = stack.server.sandbox!;
    },
    async close() {
      await stack.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
