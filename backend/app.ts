import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Logger } from 'pino';
import type { Config } from './config';
import { installErrorHandling, sendError } from './http/errors';
import { strictJsonBodies } from './http/json-body';
import { auditRoutes } from './routes/v1/audit';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { VERSION } from './version';
import type { DatabaseHandle } from './db/database';
import { accountsDepsFromConfig, type InviteHook } from './services/accounts/deps';
import type { PasswordHasher } from './security/password';
import { accountsRoutes } from './routes/v1';
import type { InstallService } from './services/install/service';
import { installApiRoutes } from './routes/v1/install';
import { installBrowserRoutes } from './routes/install';
import { createWritePath } from './services/delivery/wiring';
import { DEFAULT_RATE_BUDGET, RateBudget } from './services/delivery/rate-budget';
import { writesDb } from './services/writes/tables';
import { loadAllowlist } from './services/settings/editable-properties';
import { writesRoutes } from './routes/v1/writes';
import { settingsRoutes } from './routes/v1/settings';
import type { HubSpotApp } from './hubspot/app';
import { echoRequestId, requestIdGenerator } from './http/request-id';
import { requestLoggerFactory } from './http/request-logger';
import { installMetrics } from './metrics/plugin';
import { createRecordAccess } from './services/access/wiring';
import { HubSpotGateway } from './hubspot/gateway';
import { recordRoutes } from './routes/v1/records';
import { identityRoutes } from './routes/v1/identity';
import { trustFunction } from './http/trust-proxy';
import { capConnections, serverLimitOptions } from './http/server-limits';
import type { MailTransport } from './mail/transport';
import { mailTransportFromConfig } from './mail/from-config';
import { READ_BUDGET_WAIT_MS } from '../lib/api/timeouts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  checks?: Record<string, ReadinessCheck>;
  /** The migrated database. Without it only the health routes are served (used by a few tests). */
  database?: DatabaseHandle;
  /** The HubSpot app this backend talks as (real or the embedded sandbox), resolved at start. */
  hubspot?: HubSpotApp;
  /** Accounts hooks: the operator's invite mail hook; a clock and hasher for tests. */
  accounts?: { onInvite?: InviteHook; now?: () => number; hasher?: PasswordHasher };
  /** The HubSpot install service (services/install/wiring.ts); its routes need `database`. */
  install?: InstallService;
  /** Where verification codes are mailed; by default the configured transport (MAIL_TRANSPORT). */
  mail?: MailTransport;
}


export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const trustProxy = trustFunction(deps.config.TRUST_PROXY);
  const app = Fastify({
    // Typed as Fastify's logger so the instance type stays the default one every route file uses.
    loggerInstance: deps.logger as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy,
    requestIdHeader: false,
    genReqId: requestIdGenerator(trustProxy),
    ...serverLimitOptions(deps.config),
    return503OnClosing: true,
    // Malformed addresses (bad percent-encoding, over-long ids) get the API's one error shape too.
    frameworkErrors: (err, _req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void sendError(reply, tooLong ? 414 : 400, 'bad_request', tooLong ? 'A value in the address is too long.' : 'The request address is malformed.');
    },
  });
  capConnections(app, deps.config);
  installErrorHandling(app);
  strictJsonBodies(app);
  echoRequestId(app);
  installMetrics(app, {
    ...(deps.database ? { db: deps.database.db } : {}),
    token: deps.config.METRICS_TOKEN,
    ...(deps.hubspot ? { hubspotApiBase: deps.hubspot.apiBase } : {}),
  });
  // CORS only for Portside's own extension origins (EXTENSION_ORIGINS): web pages (HubSpot's too)
  // and other extensions get no grant, so their scripts cannot read the API's answers. Portside's
  // background itself does not depend on the grant: it holds host permission for the backend, and
  // Chrome and Firefox exempt such requests from CORS. That is why Firefox, whose moz-extension
  // origin is a random per-install UUID nobody can list in advance, works with no grant at all
  // (test/e2e/*.firefox.test.ts), rather than by trusting every moz-extension origin.
  const extensionOrigins = new Set(deps.config.EXTENSION_ORIGINS);
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
  const checks = { ...(deps.database ? { database: () => deps.database!.ping() } : {}), ...deps.checks };
  healthRoutes(app, { version: VERSION, checks });
  if (deps.database) {
    const mail = deps.mail ?? mailTransportFromConfig(deps.config, deps.logger);
    const accounts = accountsDepsFromConfig(deps.config, deps.database.db, { logger: deps.logger, ...deps.accounts, mail });
    await accountsRoutes(app, accounts);
    await auditRoutes(app, deps.database.db);
    if (deps.install) {
      await installApiRoutes(app, deps.install);
      installBrowserRoutes(app, deps.install, { publicUrl: deps.config.publicUrl });
      // Record access and identity: the panel's view, links, and the periodic user sync.
      // One per-portal rate budget for every HubSpot call this app makes (shared across instances).
      const budget = new RateBudget(writesDb(deps.database.db), DEFAULT_RATE_BUDGET, Date.now);
      // Every HubSpot API call of this app goes through it: token, budget slot, install health.
      const gateway = new HubSpotGateway(deps.install.gatewayPort, budget);
      const recordAccess = createRecordAccess({
        db: deps.database.db,
        installs: deps.install,
        sendFor: gateway.sendFor({ maxWaitMs: READ_BUDGET_WAIT_MS }),
        logger: deps.logger,
        memberShare: { inFlight: deps.config.MEMBER_CHECKS_IN_FLIGHT, perWindow: deps.config.MEMBER_CHECKS_PER_10S, windowMs: 10_000 },
      });
      await recordRoutes(app, recordAccess.access);
      await identityRoutes(app, Object.assign(recordAccess.identity, { mail }));
      // The periodic user sync runs only in a listening server (not in inject-only tests).
      let stopSync = () => {};
      app.addHook('onListen', async () => void (stopSync = recordAccess.startSync()));
      app.addHook('onClose', async () => stopSync());
      if (deps.hubspot) {
        // CRM writes: accepted into the outbox by the routes, delivered by this process's worker.
        const writePath = createWritePath({ database: deps.database, install: deps.install, access: recordAccess.access, log: deps.logger, budget, gateway });
        // The record view reads the editable properties' current values with the same contact read.
        recordAccess.access.editableProperties = async (ws) => (await loadAllowlist(writePath.writes.db, ws)).properties.map((p) => p.name);
        await writesRoutes(app, writePath.writes);
        await settingsRoutes(app, writePath.settings);
        app.addHook('onListen', async () => writePath.worker.start());
        // Before the database closes: in-flight deliveries finish or are released, nothing is lost.
        // The worker gets the grace period less a margin, so unsent writes are released before main's forced exit.
        app.addHook('onClose', async () => writePath.worker.stop(Math.max(0, deps.config.SHUTDOWN_GRACE_MS - 2_000)));
      }
    }
  }
  return app;
}
