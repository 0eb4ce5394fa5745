import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { join, resolve } from 'node:path';
import type { Config } from './config';
import { buildApp, type AppDeps } from './app';
import { createDatabase, type DatabaseHandle } from './db/database';
import { migrateToLatest } from './db/migrate';
import { hasHubSpotCredentials, hubspotAppFromConfig, CALLBACK_PATH, type HubSpotApp } from './hubspot/app';
import { selfSignedCert } from './dev/self-signed';
import { SANDBOX_APP } from './sandbox/seed';
import { startSandbox, type StartedSandbox } from './sandbox/start';
import { installServiceFromConfig } from './services/install/wiring';

/**
 * Everything a running backend is, wired once: database (migrated), the HubSpot app (real, or
 * the embedded sandbox when no credentials are configured), the HTTP app. `npm start`,
 * production (`backend/main.ts`) and the end-to-end tests all start the backend through here,
 * so they run the same wiring.
 */
export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: DatabaseHandle;
  hubspot: HubSpotApp;
  /** The embedded HubSpot, when this backend runs without real app credentials. */
  sandbox: StartedSandbox | null;
  close(): Promise<void>;
}

/** The embedded sandbox's state file, in DATA_DIR beside the database it must agree with. */
export const SANDBOX_STATE_FILE = 'sandbox-state.json';

export interface ServerOptions {
  /** Where the embedded sandbox listens; `https.port` serves HubSpot's web pages (0 = any free port). */
  sandbox?: { port?: number; httpsPort?: number | null; tokenTtlSeconds?: number };
  deps?: Partial<Omit<AppDeps, 'config' | 'logger' | 'database'>>;
}

async function embeddedSandbox(config: Config, opts: ServerOptions['sandbox'], logger: Logger): Promise<StartedSandbox> {
  const httpsPort = opts?.httpsPort === undefined ? config.SANDBOX_HTTPS_PORT : opts.httpsPort;
  const tls = httpsPort === null ? null : selfSignedCert(join(resolve(config.DATA_DIR), 'sandbox-tls'));
  for (const w of tls?.warnings ?? []) logger.warn({ warning: w }, 'data_dir.permissions');
  const started = await startSandbox({
    port: opts?.port ?? config.SANDBOX_PORT,
    ...(tls && httpsPort !== null ? { https: { port: httpsPort, key: tls.key, cert: tls.cert } } : {}),
    ...(opts?.tokenTtlSeconds ? { tokenTtlSeconds: opts.tokenTtlSeconds } : {}),
    redirectUris: [`${config.publicUrl}${CALLBACK_PATH}`],
    // The database keeps the install's tokens across restarts, so the sandbox keeps its side too.
    stateFile: join(resolve(config.DATA_DIR), SANDBOX_STATE_FILE),
    onStateWarning: (message) => logger.warn({ warning: message }, 'sandbox.state'),
  });
  logger.warn({ url: started.url, webUrl: started.webUrl ?? null }, 'sandbox.embedded: no HubSpot app credentials configured, using the embedded HubSpot sandbox');
  return started;
}

export async function startServer(config: Config, logger: Logger, opts: ServerOptions = {}): Promise<RunningServer> {
  const database = createDatabase(config, { warn: (w) => logger.warn({ warning: w }, 'data_dir.permissions') });
  let sandbox: StartedSandbox | null = null;
  try {
    const { applied } = await migrateToLatest(database.db);
    logger.info({ dialect: database.dialect, applied }, 'db.migrated');
    if (!hasHubSpotCredentials(config)) sandbox = await embeddedSandbox(config, opts.sandbox, logger);
    const hubspot = hubspotAppFromConfig(config, sandbox ? { url: sandbox.url, ...SANDBOX_APP } : undefined);
    // One install service per process: the token refresh single-flight lives in it.
    const install = installServiceFromConfig(config, database, hubspot, { logger });
    const app = await buildApp({ config, logger, database, hubspot, install, ...opts.deps });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`,
      app,
      database,
      hubspot,
      sandbox,
      async close() {
        // Stop taking requests first; in-flight ones finish with the database still open.
        await app.close();
        await sandbox?.close();
        await database.close();
      },
    };
  } catch (err) {
    await sandbox?.close();
    await database.close();
    throw err;
  }
}
