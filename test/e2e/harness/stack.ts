import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';
import { startSandbox } from '../../../backend/sandbox/start';
import { selfSignedCert } from './tls';

export interface Stack {
  /** The backend's base URL, as the extension's options page is told. */
  backendUrl: string;
  /** Where the fake HubSpot serves its HTTPS web pages (the port app.hubspot.com maps to). */
  webPort: number;
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  backend: FastifyInstance;
  close(): Promise<void>;
}

/** Starts the embedded HubSpot (API over HTTP, web pages over HTTPS) and a real backend. */
export async function startStack(opts: { webPort?: number } = {}): Promise<Stack> {
  const tls = selfSignedCert();
  const sandbox = await startSandbox({ port: 0, https: { port: opts.webPort ?? 0, key: tls.key, cert: tls.cert } });
  const webPort = Number(new URL(sandbox.webUrl!).port || 443);
  const config = parseConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const backend = await buildApp({ config, logger: createLogger('silent') });
  await backend.listen({ port: 0, host: '127.0.0.1' });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    backendUrl: `http://localhost:${port}`,
    webPort,
    sandbox,
    backend,
    async close() {
      await backend.close();
      await sandbox.close();
    },
  };
}
