import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/database';
import type { HubSpotApp } from '../../hubspot/app';
import type { Fetch } from '../../hubspot/http';
import { loadKeyring } from '../../vault/load';
import { installDepsFrom, type InstallLogger } from './deps';
import { createInstallService, type InstallService } from './service';

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
