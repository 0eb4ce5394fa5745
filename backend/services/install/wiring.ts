import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/database';
import { hubspotAppFromConfig, type SandboxAppRef } from '../../hubspot/app';
import type { Fetch } from '../../hubspot/http';
import { loadKeyring } from '../../vault/load';
import { installDepsFrom, type InstallLogger } from './deps';
import { createInstallService, type InstallService } from './service';

/**
 * Builds the process's install service from configuration: the HubSpot app (or the embedded
 * sandbox's, when no credentials are configured; the caller starts the sandbox and passes its
 * URL) and the keyring (refuses production without ENCRYPTION_KEYS). Call once per process.
 */
export function installServiceFromConfig(
  config: Config,
  database: DatabaseHandle,
  opts: { logger: InstallLogger; sandbox?: SandboxAppRef; now?: () => number; fetch?: Fetch },
): InstallService {
  const app = hubspotAppFromConfig(config, opts.sandbox);
  const keyring = loadKeyring(config, opts.logger);
  return createInstallService(
    installDepsFrom({
      db: database.db,
      dialect: database.dialect,
      app,
      keyring,
      publicUrl: config.publicUrl,
      logger: opts.logger,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    }),
  );
}
