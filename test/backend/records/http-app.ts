import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { createInstall } from '../../../backend/services/install/create';
import type { InstallService } from '../../../backend/services/install/service';
import { fail, ok } from '../../../lib/contract/errors';
import { TEST_ENV, captureLogs, listenOnLoopback, startSandboxUnlimited, withMailbox } from '../../support/backend';
import { memoryTransport } from '../../../backend/mail/memory';
import type { TestDatabase } from '../helpers/engines';
import { sandboxHubSpotApp, TestInstalls } from './harness';

/**
 * The whole app over a started sandbox, listening on a real port. Installs are the test's map
 * (workspace → sandbox token) so this suite does not depend on the install flow: the install
 * service's lookups and its token source for the gateway answer from the map, the rest is the
 * real service. `install(workspaceId, portalId, userId)` connects a workspace.
 */
export interface ViewApp {
  app: FastifyInstance;
  url: string;
  sandbox: StartedSandbox;
  installs: TestInstalls;
  install(workspaceId: string, portalId: number, userId: number): void;
  close(): Promise<void>;
}

export async function startViewApp(db: TestDatabase, opts: { logLevel?: string } = {}): Promise<ViewApp> {
  const sandbox = await startSandboxUnlimited();
  const hubspot = sandboxHubSpotApp(sandbox.url);
  const config = parseConfig({ ...TEST_ENV, ...db.env, LOG_LEVEL: opts.logLevel ?? 'warn' });
  const mail = memoryTransport();
  const { logger } = captureLogs(config.LOG_LEVEL);
  const installs = new TestInstalls();
  const real = createInstall(config, db.handle, hubspot, { logger });
  const install: InstallService = {
    ...real,
    installedPortal: async (ws) => {
      const i = installs.byWorkspace.get(ws);
      return i ? { portalId: i.portalId, status: i.status, scopes: [...i.scopes] } : null;
    },
    connectedInstalls: () => installs.connectedInstalls(),
    state: async (ws) => installs.byWorkspace.get(ws)?.status ?? 'disconnected',
    gatewayPort: {
      app: hubspot,
      async accessToken(ws) {
        const i = installs.byWorkspace.get(ws);
        return i ? ok({ installId: ws, portalId: i.portalId, accessToken: i.token }) : fail('portal_not_connected', `No install for ${ws}.`);
      },
      recordSuccess: async () => {},
      recordFailure: async () => {},
    },
  };
  const app = withMailbox(await buildApp({ config, logger, database: db.handle, hubspot, install, mail }), mail);
  const url = await listenOnLoopback(app);
  return {
    app,
    url,
    sandbox,
    installs,
    install(workspaceId, portalId, userId) {
      const t = sandbox.sandbox.control.install(portalId, userId);
      installs.byWorkspace.set(workspaceId, { portalId: String(portalId), status: 'connected', scopes: t.scopes, token: t.access_token });
    },
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}
