import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Logger } from 'pino';
import type { Config } from './config';
import { installErrorHandling, sendError } from './http/errors';
import { strictJsonBodies } from './http/json-body';
import { auditRoutes } from './routes/v1/audit';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { VERSION } from './version';
import { accountsRoutes } from './routes/v1';
import { installApiRoutes } from './routes/v1/install';
import { installBrowserRoutes } from './routes/install';
import { writesRoutes } from './routes/v1/writes';
import { settingsRoutes } from './routes/v1/settings';
import { settingsPipelinesRoutes } from './routes/v1/settings-pipelines';
import { echoRequestId, requestIdGenerator } from './http/request-id';
import { requestLoggerFactory } from './http/request-logger';
import { installMetrics } from './metrics/plugin';
import { refreshDbGauges } from './services/writes/outbox-gauges';
import { recordRoutes } from './routes/v1/records';
import { identityRoutes } from './routes/v1/identity';
import { trustFunction } from './http/trust-proxy';
import { capConnections, serverLimitOptions } from './http/server-limits';
import { composeBackend, type BackendDeps } from './compose';
import { startIdentitySync } from './services/identity/sync';

export interface AppDeps extends BackendDeps {
  checks?: Record<string, ReadinessCheck>;
}

/** What every Portside HTTP server is before any feature: limits, errors, request ids, CORS, health, metrics. */
export interface ShellOptions {
  config: Config;
  logger: Logger;
  checks?: Record<string, ReadinessCheck>;
  /** See backend/metrics/route.ts. */
  refreshGauges?: () => Promise<void>;
  /** The HubSpot API whose calls the metrics count. */
  hubspotApiBase?: string;
}

/**
 * The HTTP server without features: buildApp serves the features on it. Tests of the shell
 * alone (health, CORS, the error shape, request metrics) build it directly.
 */
export async function buildHttpShell(o: ShellOptions): Promise<FastifyInstance> {
  const trustProxy = trustFunction(o.config.TRUST_PROXY);
  const app = Fastify({
    // Typed as Fastify's logger so the instance type stays the default one every route file uses.
    loggerInstance: o.logger as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    bodyLimit: o.config.BODY_LIMIT_BYTES,
    trustProxy,
    requestIdHeader: false,
    genReqId: requestIdGenerator(trustProxy),
    ...serverLimitOptions(o.config),
    return503OnClosing: true,
    // Malformed addresses (bad percent-encoding, over-long ids) get the API's one error shape too.
    frameworkErrors: (err, _req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void sendError(reply, tooLong ? 414 : 400, 'bad_request', tooLong ? 'A value in the address is too long.' : 'The request address is malformed.');
    },
  });
  capConnections(app, o.config);
  installErrorHandling(app);
  strictJsonBodies(app);
  echoRequestId(app);
  installMetrics(app, {
    token: o.config.METRICS_TOKEN,
    ...(o.refreshGauges ? { refreshGauges: o.refreshGauges } : {}),
    ...(o.hubspotApiBase ? { hubspotApiBase: o.hubspotApiBase } : {}),
  });
  // CORS only for Portside's own extension origins (EXTENSION_ORIGINS): web pages (HubSpot's too)
  // and other extensions get no grant, so their scripts cannot read the API's answers. Portside's
  // background itself does not depend on the grant: it holds host permission for the backend, and
  // Chrome and Firefox exempt such requests from CORS. That is why Firefox, whose moz-extension
  // origin is a random per-install UUID nobody can list in advance, works with no grant at all
  // (test/e2e/*.firefox.test.ts), rather than by trusting every moz-extension origin.
  const extensionOrigins = new Set(o.config.EXTENSION_ORIGINS);
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && extensionOrigins.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
    credentials: false,
    maxAge: 600,
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });
  healthRoutes(app, { version: VERSION, checks: o.checks ?? {} });
  return app;
}

/** The whole backend over HTTP: the shell, the features composed by backend/compose.ts, every route. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const backend = composeBackend(deps);
  const db = deps.database.db;
  const app = await buildHttpShell({
    config: deps.config,
    logger: deps.logger,
    checks: { database: () => deps.database.ping(), ...deps.checks },
    refreshGauges: async () => void (await refreshDbGauges(db)),
    hubspotApiBase: deps.hubspot.apiBase,
  });
  await accountsRoutes(app, backend.accounts);
  await auditRoutes(app, db);
  await installApiRoutes(app, backend.install);
  installBrowserRoutes(app, backend.install, { publicUrl: deps.config.publicUrl });
  await recordRoutes(app, backend.records);
  await identityRoutes(app, backend.identity);
  await writesRoutes(app, backend.writes);
  await settingsRoutes(app, backend.settings);
  await settingsPipelinesRoutes(app, backend.pipelineAccess);
  // The periodic user sync and the delivery worker run only in a listening server (not in inject-only tests).
  let stopSync = () => {};
  app.addHook('onListen', async () => void (stopSync = startIdentitySync(backend.identity)));
  app.addHook('onClose', async () => stopSync());
  app.addHook('onListen', async () => backend.worker.start());
  // Before the database closes: in-flight deliveries finish or are released, nothing is lost.
  // The worker gets the grace period less a margin, so unsent writes are released before main's forced exit.
  app.addHook('onClose', async () => backend.worker.stop(Math.max(0, deps.config.SHUTDOWN_GRACE_MS - 2_000)));
  return app;
}
