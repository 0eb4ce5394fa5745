import { composeBackend, type Backend } from '../../../backend/compose';
import { parseConfig } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { createLogger } from '../../../backend/logger';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { TEST_ENV } from '../helpers/accounts-app';
import type { TestDatabase } from '../helpers/engines';
import type { HostileStack } from './stack';

/**
 * A second backend process as backend/compose.ts builds it (its own install service, gateway,
 * rate budget, access and delivery worker) over the stack's database, tokens and sandbox, for
 * tests that run the production delivery worker one round at a time. `now` shifts its write path's clock.
 */
export function productionWritePath(s: HostileStack, db: TestDatabase, opts: { now?: () => number } = {}): Backend {
  const config = parseConfig({ ...TEST_ENV, ...db.env, PUBLIC_URL: 'http://localhost:8787', LOG_LEVEL: 'silent' });
  const hubspot = hubspotAppFromConfig(config, { url: s.sandbox.url, ...SANDBOX_APP });
  return composeBackend({ config, logger: createLogger('silent'), database: db.handle, hubspot, ...(opts.now ? { now: opts.now } : {}) });
}
