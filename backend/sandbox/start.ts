import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { buildSandbox, type Sandbox, type SandboxOptions } from './app.js';
import { loadState, StatePersister, type RestoreOutcome } from './persist.js';

/**
 * Starts the sandbox on 127.0.0.1 (port 0 picks a free one). With `https`, the same app also
 * answers over TLS on a second port, which end-to-end tests map app.hubspot.com to. With
 * `stateFile`, the sandbox's world survives a restart (persist.ts).
 */

export interface StartOptions extends SandboxOptions {
  port?: number;
  host?: string;
  https?: { port: number; key: string | Buffer; cert: string | Buffer };
  /** Where to keep installs, tokens, notes, tasks and changed records across restarts. */
  stateFile?: string;
  /** Hears why a state file was not restored or not written. Default: stderr. */
  onStateWarning?: (message: string) => void;
}

export interface StartedSandbox {
  url: string;
  webUrl?: string;
  sandbox: Sandbox;
  /** With `stateFile`: whether this start picked up a previous run's state. */
  state?: RestoreOutcome;
  close(): Promise<void>;
}

// Only these change the world; reads (GET/HEAD) never do.
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function listenHttps(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(opts: StartOptions = {}): Promise<StartedSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const sandbox = await buildSandbox(opts);
  const warn = opts.onStateWarning ?? ((m: string) => process.stderr.write(`sandbox: ${m}\n`));
  const restored = opts.stateFile ? loadState(sandbox.state, opts.stateFile, warn) : undefined;
  const persister = opts.stateFile ? new StatePersister(sandbox.state, opts.stateFile, { now: sandbox.context.now, warn }) : null;
  // Watched at the socket level, so every route (API, consent page, control) is covered without
  // each one having to remember to say it changed something.
  const watch = (req: IncomingMessage, res: ServerResponse) => {
    if (persister && CHANGING.has(req.method ?? '')) res.once('close', () => persister.changed());
  };
  sandbox.app.server.on('request', watch);
  await sandbox.app.listen({ port: opts.port ?? 0, host });
  const { port } = sandbox.app.server.address() as AddressInfo;
  let tls: Server | undefined;
  let webUrl: string | undefined;
  if (opts.https) {
    // Fastify's router can serve a second server, so both listeners share one app and one state.
    const server = createServer({ key: opts.https.key, cert: opts.https.cert }, (req, res) => {
      watch(req, res);
      sandbox.app.routing(req, res);
    });
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
    ...(restored ? { state: restored } : {}),
    async close() {
      if (tls) {
        const server = tls;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await sandbox.app.close();
      persister?.close();
    },
  };
}
