import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { hubspotHttp } from '../../../backend/hubspot/http';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import type { StartedSandbox } from '../../../backend/sandbox/start';
import { createRecordAccess, type RecordAccess } from '../../../backend/services/access/wiring';
import { identityRoutes } from '../../../backend/routes/v1/identity';
import { recordRoutes } from '../../../backend/routes/v1/records';
import { TEST_ENV, captureLogs, listenOnLoopback, startSandboxUnlimited, withMailbox } from '../../support/backend';
import { memoryTransport } from '../../../backend/mail/memory';
import type { TestDatabase } from '../helpers/engines';
import { sandboxHubSpotApp, TestInstalls } from './harness';

/**
 * The accounts app with the record and identity routes over a started sandbox, listening on a
 * real port. Installs are the test's map (workspace → sandbox token) so this suite does not
 * depend on the install flow; `install(workspaceId, portalId, userId)` connects a workspace.
 */
export interface ViewApp {
  app: FastifyInstance;
  url: string;
  sandbox: StartedSandbox;
  installs: TestInstalls;
  ra: RecordAccess;
  install(workspaceId: string, portalId: number, userId: number): void;
  close(): Promise<void>;
}

export async function startViewApp(db: TestDatabase, opts: { permittedTtlMs?: number; logLevel?: string } = {}): Promise<ViewApp> {
  const sandbox = await startSandboxUnlimited();
  const hubspot = sandboxHubSpotApp(sandbox.url);
  const config = parseConfig({ ...TEST_ENV, ...db.env, LOG_LEVEL: opts.logLevel ?? 'warn' });
  const mail = memoryTransport();
  const app = withMailbox(await buildApp({ config, logger: captureLogs(config.LOG_LEVEL).logger, database: db.handle, mail }), mail);
  const installs = new TestInstalls();
  const sendFor = (workspaceId: string): PortalSend => (req) => {
    const install = installs.byWorkspace.get(workspaceId);
    if (!install) throw new Error(`no install for ${workspaceId}`);
    return hubspotHttp(hubspot, { ...req, accessToken: install.token });
  };
  const ra = createRecordAccess({ db: db.handle.db, installs, sendFor, ...(opts.permittedTtlMs !== undefined ? { permittedTtlMs: opts.permittedTtlMs } : {}) });
  await recordRoutes(app, ra.access);
  await identityRoutes(app, ra.identity);
  const url = await listenOnLoopback(app);
  return {
    app,
    url,
    sandbox,
    installs,
    ra,
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
