import type { Logger } from 'pino';
import type { Config } from './config';
import type { DatabaseHandle } from './db/database';
import type { HubSpotApp } from './hubspot/app';
import { HubSpotGateway } from './hubspot/gateway';
import { listPropertyDefinitions, type PropertyObjectType } from './hubspot/property-definitions';
import { mailTransportFromConfig } from './mail/from-config';
import type { MailTransport } from './mail/transport';
import type { PasswordHasher } from './security/password';
import { createAccess, withReadTimeout } from './services/access/create';
import { pipelineCacheFor } from './services/access/pipeline-cache';
import { createRecords, type RecordsDeps } from './services/records/create';
import type { AccessDeps } from './services/access/deps';
import { createAccounts } from './services/accounts/create';
import type { AccountsDeps, InviteHook } from './services/accounts/deps';
import { createDelivery } from './services/delivery/create';
import { DEFAULT_RATE_BUDGET, RateBudget } from './services/delivery/rate-budget';
import type { DeliveryWorker } from './services/delivery/worker';
import { createIdentity } from './services/identity/create';
import { upgradeLinkByVerifiedEmail } from './services/identity/evidence';
import type { IdentityDeps } from './services/identity/deps';
import { createInstall } from './services/install/create';
import type { InstallService } from './services/install/service';
import { createSettings } from './services/settings/create';
import type { PipelineAccessDeps } from './services/settings/pipeline-access';
import type { SettingsDeps } from './services/settings/editable-properties';
import { createWrites } from './services/writes/create';
import type { WritesDeps } from './services/writes/deps';
import { TaskOptionsCache } from './services/write-kinds/task-options';
import { CallOutcomesCache } from './services/write-kinds/call-outcomes';
import { listCallDispositions } from './hubspot/call-dispositions';
import { READ_BUDGET_WAIT_MS } from '../lib/contract/api/timeouts';
import { OBJECT_API } from './hubspot/objects';

/**
 * The composition root: every feature of a backend process, built once, in dependency order
 * (docs/architecture.md), each through its own `services/<feature>/create.ts`. Nothing here
 * decides anything; backend/app.ts serves what this returns. Tests hand in their own parts
 * (an install service on their clock, a HubSpot app on the sandbox) rather than leaving parts out.
 */
export interface BackendDeps {
  config: Config;
  logger: Logger;
  /** The migrated database. */
  database: DatabaseHandle;
  /** The HubSpot app this backend talks as (real, or the embedded sandbox), resolved at start. */
  hubspot: HubSpotApp;
  /** The install service; by default built from the configuration (services/install/create.ts). */
  install?: InstallService;
  /** Where verification codes are mailed; by default the configured transport (MAIL_TRANSPORT). */
  mail?: MailTransport;
  /** Accounts hooks: the operator's invite mail hook; a clock and hasher for tests. */
  accounts?: { onInvite?: InviteHook; now?: () => number; hasher?: PasswordHasher };
  /** The write path's clock (acceptance, delivery worker, task options); tests shift it. */
  now?: () => number;
}

export interface Backend {
  install: InstallService;
  /** Every HubSpot API call of this process goes through it: token, budget slot, install health. */
  gateway: HubSpotGateway;
  budget: RateBudget;
  mail: MailTransport;
  accounts: AccountsDeps;
  identity: IdentityDeps;
  access: AccessDeps;
  /** The panel's record view: access plus the labels its summaries show. */
  records: RecordsDeps;
  settings: SettingsDeps;
  /** Admin-mirrored pipeline permissions (settings), listed against the shared pipeline cache. */
  pipelineAccess: PipelineAccessDeps;
  writes: WritesDeps;
  /** This process's outbox worker: started after listening, stopped before the database closes. */
  worker: DeliveryWorker;
}


export function composeBackend(d: BackendDeps): Backend {
  const { config, logger, database } = d;
  const db = database.db;
  const now = d.now ?? Date.now;
  const mail = d.mail ?? mailTransportFromConfig(config, logger);
  // One install service per process: the token refresh single-flight lives in it.
  const install = d.install ?? createInstall(config, database, d.hubspot, { logger });
  // One per-portal rate budget for every HubSpot call this app makes (shared across instances).
  const budget = new RateBudget(db, DEFAULT_RATE_BUDGET, Date.now);
  const gateway = new HubSpotGateway(install.gatewayPort, budget);
  const readSend = gateway.sendFor({ maxWaitMs: READ_BUDGET_WAIT_MS });
  const propertiesOf = (objectType: PropertyObjectType) => (workspaceId: string) => listPropertyDefinitions(gateway.portal(workspaceId), objectType);
  const taskOptions = new TaskOptionsCache(propertiesOf('tasks'), now);
  const callOutcomes = new CallOutcomesCache((ws) => listCallDispositions(gateway.portal(ws)), now);
  const settings = createSettings({ db, now, objectProperties: (ws, type) => propertiesOf(OBJECT_API[type].name)(ws), taskOptions: (ws) => taskOptions.get(ws), callOutcomes: (ws) => callOutcomes.get(ws) });
  const identity = createIdentity({ db, installs: install, sendFor: readSend, mail, logger });
  // One pipeline cache: access names pipelines in its messages, records labels stages with it.
  const pipelines = pipelineCacheFor((ws) => withReadTimeout(readSend(ws)), identity.now);
  const access = createAccess({
    identity,
    sendFor: readSend,
    pipelines,
    editableProperties: settings.editableNames,
    logger,
    memberShare: { inFlight: config.MEMBER_CHECKS_IN_FLIGHT, perWindow: config.MEMBER_CHECKS_PER_10S, windowMs: 10_000 },
  });
  const records = createRecords({ access, pipelines, sendFor: (ws) => withReadTimeout(readSend(ws)), now: identity.now });
  const delivery = createDelivery({ database, access, gateway, budget, install, log: logger, now });
  const writes = createWrites({
    db,
    installedPortal: (ws) => install.installedPortal(ws),
    access: delivery.acceptAccess,
    taskOptions,
    callOutcomes,
    notifyWorker: () => delivery.worker.notify(),
    now,
  });
  const accounts = createAccounts(config, db, { logger, ...d.accounts, mail, proveLinkByEmail: upgradeLinkByVerifiedEmail });
  const pipelineAccess: PipelineAccessDeps = { db, now, installedPortal: (ws) => install.installedPortal(ws), pipelines: (at, type) => pipelines.pipelines(at, type) };
  return { install, gateway, budget, mail, accounts, identity, access, records, settings: settings.deps, pipelineAccess, writes, worker: delivery.worker };
}
