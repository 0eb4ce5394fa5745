import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildSandbox, type Sandbox, type SandboxOptions } from './app.js';

/**
 * Starts the sandbox on 127.0.0.1 (port 0 picks a free one). With `https`, the same app also
 * answers over TLS on a second port, which end-to-end tests map app.hubspot.com to.
 */

export interface StartOptions extends SandboxOptions {
  port?: number;
  host?: string;
  https?: { port: number; key: string | Buffer; cert: string | Buffer };
}

export interface StartedSandbox {
  url: string;
  webUrl?: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

function listenHttps(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(opts: StartOptions = {}): Promise<StartedSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const sandbox = await buildSandbox(opts);
  await sandbox.app.listen({ port: opts.port ?? 0, host });
  const { port } = sandbox.app.server.address() as AddressInfo;
  let tls: Server | undefined;
  let webUrl: string | undefined;
  if (opts.https) {
    // Fastify's router can serve a second server, so both listeners share one app and one state.
    const server = createServer({ key: opts.https.key, cert: opts.https.cert }, (req, res) => sandbox.app.routing(req, res));
    tls = server;
    try {
      const tlsPort = await listenHttps(server, opts.https.port, host);
      webUrl = `https://${host}:${tlsPort}`;
    } catch (e) {
      await sandbox.app.close();
      throw e;
    }
  }
  return {
    url: `http://${host}:${port}`,
    ...(webUrl ? { webUrl } : {}),
    sandbox,
    async close() {
      if (tls) {
        const server = tls;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await sandbox.app.close();
    },
  };
}
