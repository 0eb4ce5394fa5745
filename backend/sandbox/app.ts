import Fastify, { type FastifyInstance } from 'fastify';
import { resolveOptions, type ResolvedOptions, type SandboxContext, type SandboxOptions } from './context.js';
import { createControl, type SandboxControl } from './control.js';
import { FaultRegistry } from './faults.js';
import { installPipeline } from './pipeline.js';
import { RateLimiter } from './rate-limit.js';
import { registerAccountInfo } from './routes/account-info.js';
import { registerAssociationsV4 } from './routes/associations-v4.js';
import { registerEngagementArchive } from './routes/engagements-archive.js';
import { registerContactWrites } from './routes/contacts-write.js';
import { registerControlRoutes } from './routes/control.js';
import { registerEngagementWrites } from './routes/engagements-write.js';
import { registerOAuthAuthorize } from './routes/oauth-authorize.js';
import { registerOAuthV1 } from './routes/oauth-v1.js';
import { registerOAuthCurrent } from './routes/oauth-current.js';
import { registerObjectReads } from './routes/objects-read.js';
import { registerOwners } from './routes/owners.js';
import { registerPermittedUsers } from './routes/permitted-users.js';
import { registerProperties } from './routes/properties.js';
import { registerSettingsUsers } from './routes/settings-users.js';
import { registerCurrencies } from './routes/currencies.js';
import { registerCallDispositions } from './routes/call-dispositions.js';
import { registerObjectWrites } from './routes/objects-write.js';
import { registerObjectCreate } from './routes/objects-create.js';
import { registerPipelines } from './routes/pipelines.js';
import { ROUTE_SCOPES } from './scopes.js';
import { registerRecordPages } from './web/record-page.js';
import { registerObjectListPages } from './web/object-list-page.js';
import { SandboxState } from './state.js';
import { registerContactPage } from './web/contact-page.js';
import { registerIndexPage, registerListPage } from './web/list-page.js';

export type { SandboxOptions } from './context.js';

export interface Sandbox {
  app: FastifyInstance;
  state: SandboxState;
  control: SandboxControl;
  context: SandboxContext;
  options: ResolvedOptions;
}

/** Builds the sandbox: one Fastify app serving HubSpot's API paths, its web pages and `/_sandbox/*`. */
export async function buildSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const options = resolveOptions(opts);
  const state = new SandboxState(options.seed);
  const context: SandboxContext = {
    state,
    options,
    faults: new FaultRegistry(),
    rateLimiter: new RateLimiter(options.rateLimit),
    now: opts.now ?? Date.now,
  };
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    routerOptions: {
      ignoreTrailingSlash: true,
      // Tokens travel in paths (`/oauth/v1/access-tokens/{token}`) and run to a few hundred characters.
      maxParamLength: 2048,
    },
    forceCloseConnections: true,
  });
  const control = createControl(context);

  installPipeline(app, context);
  registerOAuthAuthorize(app, context);
  registerOAuthV1(app, context);
  registerOAuthCurrent(app, context);
  for (const kind of ['contacts', 'notes', 'tasks', 'calls'] as const) registerObjectReads(app, context, kind);
  registerAssociationsV4(app, context);
  registerContactWrites(app, context);
  registerEngagementWrites(app, context, 'notes');
  registerEngagementWrites(app, context, 'tasks');
  registerEngagementWrites(app, context, 'calls');
  registerProperties(app, context);
  registerOwners(app, context);
  registerSettingsUsers(app, context);
  registerAccountInfo(app, context);
  registerPermittedUsers(app, context);
  registerEngagementArchive(app, context, 'notes');
  registerEngagementArchive(app, context, 'tasks');
  registerEngagementArchive(app, context, 'calls');
  registerContactPage(app, context);
  registerListPage(app, context);
  registerIndexPage(app, context);
  // Companies, deals and tickets (issue 20), each behind its own object scope.
  registerObjectReads(app, context, 'companies', ROUTE_SCOPES.companiesRead);
  registerObjectReads(app, context, 'deals', ROUTE_SCOPES.dealsRead);
  registerObjectReads(app, context, 'tickets', ROUTE_SCOPES.tickets);
  registerObjectWrites(app, context, 'companies', ROUTE_SCOPES.companiesWrite);
  registerObjectWrites(app, context, 'deals', ROUTE_SCOPES.dealsWrite);
  registerObjectWrites(app, context, 'tickets', ROUTE_SCOPES.tickets);
  registerObjectCreate(app, context, 'companies', ROUTE_SCOPES.companiesWrite);
  registerObjectCreate(app, context, 'deals', ROUTE_SCOPES.dealsWrite);
  registerObjectCreate(app, context, 'tickets', ROUTE_SCOPES.tickets);
  registerPipelines(app, context);
  registerCurrencies(app, context);
  registerCallDispositions(app, context);
  registerRecordPages(app, context);
  registerObjectListPages(app, context);
  registerControlRoutes(app, control);

  await app.ready();
  return { app, state, control, context, options };
}
