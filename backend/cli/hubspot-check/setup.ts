import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/database';
import { hubspotAppFromConfig, hasHubSpotCredentials, type HubSpotApp, type SandboxApp } from '../../hubspot/app';
import type { HubSpotResponse } from '../../hubspot/http';
import { HubSpotGateway } from '../../hubspot/gateway';
import type { PortalSend } from '../../hubspot/portal-send';
import { DEFAULT_RATE_BUDGET, RateBudget } from '../../services/delivery/rate-budget';
import type { InstallLogger } from '../../services/install/deps';
import type { InstallService } from '../../services/install/service';
import { createInstall } from '../../services/install/create';

/**
 * What the check talks through: the same HubSpot app, install service and gateway the server
 * builds (backend/app.ts), so a probe that passes here passes for the server; its calls take
 * slots of the portal's shared rate budget like any instance's. Without app credentials the
 * server runs the embedded sandbox on SANDBOX_PORT, and the check talks to that one.
 */
export interface CheckWiring {
  app: HubSpotApp;
  install: InstallService;
  /** The workspace's PortalSend, recording each answer for the rate-limit and shape rows. */
  send: PortalSend;
  answers: RecordedAnswer[];
}

export interface RecordedAnswer {
  method: string;
  /** The path as sent; kept in memory only (paths hold record ids, never tokens). */
  path: string;
  response: HubSpotResponse | null;
}

/** Null when there are no credentials and this CLI has no sandbox app (the production bundle). */
export function checkApp(config: Config, sandboxApp: SandboxApp | undefined): HubSpotApp | null {
  if (hasHubSpotCredentials(config)) return hubspotAppFromConfig(config);
  if (!sandboxApp) return null;
  return hubspotAppFromConfig(config, { url: `http://127.0.0.1:${config.SANDBOX_PORT}`, ...sandboxApp });
}

export function buildWiring(app: HubSpotApp, config: Config, database: DatabaseHandle, workspaceId: string, logger: InstallLogger): CheckWiring {
  const install = createInstall(config, database, app, { logger });
  const gateway = new HubSpotGateway(install.gatewayPort, new RateBudget(database.db, DEFAULT_RATE_BUDGET, Date.now));
  const production = gateway.portal(workspaceId);
  const answers: RecordedAnswer[] = [];
  const send: PortalSend = async (req) => {
    const res = await production(req);
    answers.push({ method: req.method, path: req.path, response: res.ok ? res.data : null });
    return res;
  };
  return { app, install, send, answers };
}
