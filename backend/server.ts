import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config';
import { buildApp, type AppDeps } from './app';
import { createDatabase, type DatabaseHandle } from './db/database';
import { migrateToLatest } from './db/migrate';
import { hasHubSpotCredentials, hubspotAppFromConfig, type HubSpotApp, type SandboxAppRef } from './hubspot/app';
import type { StartedSandbox } from './sandbox/start';

/**
 * Everything a running backend is, wired once: database (migrated), the HubSpot app (real, or
 * the embedded sandbox the caller hands in when no credentials are configured), the HTTP app. `npm start`,
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

/** Where the embedded sandbox listens; `httpsPort` serves HubSpot's web pages (0 = any free port). */
export interface SandboxOptions {
  port?: number;
  httpsPort?: number | null;
  tokenTtlSeconds?: number;
}

/**
 * Starts the embedded HubSpot sandbox (backend/dev/embedded-sandbox.ts). Injected by `npm start`,
 * the dev entries and the test harnesses rather than imported here, so the production bundle
 * built from backend/main.ts holds no sandbox code and no development client secret.
 */
export type EmbeddedHubSpot = (config: Config, opts: SandboxOptions | undefined, logger: Logger) => Promise<{ sandbox: StartedSandbox; app: SandboxAppRef }>;

export interface ServerOptions {
  sandbox?: SandboxOptions;
  /** Used only when no HubSpot app credentials are configured; without it such a start fails. */
  embeddedHubSpot?: EmbeddedHubSpot;
  deps?: Partial<Omit<AppDeps, 'config' | 'logger' | 'database' | 'hubspot'>>;
}

export const NO_CREDENTIALS =
  'HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are not set, and this build has no embedded HubSpot sandbox (npm start and npm run backend run one for development)';

export async function startServer(config: Config, logger: Logger, opts: ServerOptions = {}): Promise<RunningServer> {
  const database = createDatabase(config, { warn: (w) => logger.warn({ warning: w }, 'data_dir.permissions') });
  let sandbox: StartedSandbox | null = null;
  try {
    const { applied } = await migrateToLatest(database.db);
    logger.info({ dialect: database.dialect, applied }, 'db.migrated');
    let sandboxApp: SandboxAppRef | undefined;
    if (!hasHubSpotCredentials(config)) {
      if (!opts.embeddedHubSpot) throw new Error(NO_CREDENTIALS);
      ({ sandbox, app: sandboxApp } = await opts.embeddedHubSpot(config, opts.sandbox, logger));
    }
    const hubspot = hubspotAppFromConfig(config, sandboxApp);
    const app = await buildApp({ config, logger, database, hubspot, ...opts.deps });
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
