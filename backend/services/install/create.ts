import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/database';
import type { HubSpotApp } from '../../hubspot/app';
import type { Fetch } from '../../hubspot/http';
import { ok } from '../../../lib/contract/errors';
import { loadKeyring } from '../../vault/load';
import { callbackNotice } from './callback-notice';
import { completeInstall } from './complete';
import { installDepsFrom, type InstallDeps, type InstallLogger } from './deps';
import { disconnect } from './disconnect';
import { gatewayPort } from './gateway-port';
import { installStatus } from './health';
import { TokenManager } from './refresh';
import type { InstallService } from './service';
import { startInstall, viewStart } from './start';
import { listConnectedInstalls } from './store';
import { confirmTicket, createTicket, getTicket } from './tickets';

/**
 * Builds the process's install service: the resolved HubSpot app (backend/server.ts resolves it
 * with hubspotAppFromConfig, starting the sandbox when no credentials are configured) and the
 * keyring from ENCRYPTION_KEYS (refuses production without keys; a persisted dev key otherwise).
 * backend/compose.ts builds exactly one per process and hands it to every feature that needs the
 * HubSpot gateway's install side, token source or install lookups: the single-flight refresh state lives in it.
 */
export function createInstall(
  config: Config,
  database: DatabaseHandle,
  hubspot: HubSpotApp,
  opts: { logger: InstallLogger; now?: () => number; fetch?: Fetch },
): InstallService {
  return createInstallService(
    installDepsFrom({
      db: database.db,
      dialect: database.dialect,
      app: hubspot,
      keyring: loadKeyring(config, opts.logger),
      publicUrl: config.publicUrl,
      logger: opts.logger,
      noAnswerAfterMs: config.INSTALL_NO_ANSWER_SECONDS * 1000,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    }),
  );
}

/** The install service over given parts (a keyring, a clock, a fetch): createInstall and the install tests. */
export function createInstallService(deps: InstallDeps): InstallService {
  const tokens = new TokenManager(deps);
  return {
    authorizeOrigin: new URL(deps.app.authorizeBase).origin,
    createTicket: (caller, req) => createTicket(deps, caller, req),
    getTicket: (caller, id) => getTicket(deps, caller, id),
    confirmTicket: (caller, id, req) => confirmTicket(deps, caller, id, req),
    completeTicket: (caller, id, req) => completeInstall(deps, caller, id, req),
    viewStart: (ticket) => viewStart(deps, ticket),
    start: (ticket) => startInstall(deps, ticket),
    callbackNotice: (state) => callbackNotice(deps, state),
    status: (caller) => installStatus(deps, caller),
    disconnect: (caller, req) => disconnect(deps, tokens, caller, req),

    gatewayPort: gatewayPort(deps, tokens),
    async accessToken(workspaceId, opts) {
      const t = await tokens.accessToken(workspaceId, opts);
      return t.ok ? ok({ portalId: t.data.portalId, accessToken: t.data.accessToken }) : t;
    },
    async installedPortal(workspaceId) {
      const row = await deps.cache.row(workspaceId);
      return row ? { portalId: row.portal_id, status: row.status, scopes: row.granted_scopes.split(' ').filter(Boolean) } : null;
    },
    async connectedInstalls() {
      return (await listConnectedInstalls(deps.db)).map((r) => ({ workspaceId: r.workspace_id, portalId: r.portal_id }));
    },
    async state(workspaceId) {
      const row = await deps.cache.row(workspaceId);
      return row ? row.status : 'disconnected';
    },
  };
}
