import { parseConfig } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { createLogger } from '../../../backend/logger';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { createRecordAccess } from '../../../backend/services/access/wiring';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';
import { createWritePath, type WritePath } from '../../../backend/services/delivery/wiring';
import { installServiceFromConfig } from '../../../backend/services/install/wiring';
import { TEST_ENV } from '../helpers/accounts-app';
import type { TestDatabase } from '../helpers/engines';
import type { HostileStack } from './stack';

/**
 * The write path as buildApp wires it (install service, one gateway and rate budget, record
 * access, createWritePath) over the stack's database, tokens and sandbox, for tests that run the
 * production delivery worker one round at a time. `now` shifts the worker's clock.
 */
export function productionWritePath(s: HostileStack, db: TestDatabase, opts: { now?: () => number } = {}): WritePath {
  const config = parseConfig({ ...TEST_ENV, ...db.env, PUBLIC_URL: 'http://localhost:8787', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const hubspot = hubspotAppFromConfig(config, { url: s.sandbox.url, ...SANDBOX_APP });
  const install = installServiceFromConfig(config, db.handle, hubspot, { logger });
  const budget = new RateBudget(db.handle.db);
  const gateway = new HubSpotGateway(install.gatewayPort, budget);
  const access = createRecordAccess({ db: db.handle.db, installs: install, sendFor: gateway.sendFor(), logger }).access;
  return createWritePath({ database: db.handle, install, access, log: logger, budget, gateway, ...(opts.now ? { now: opts.now } : {}) });
}
