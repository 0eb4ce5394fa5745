import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { listOwners, listUsers } from '../../hubspot/directory-reads';
import type { PortalSend } from '../../hubspot/portal-send';
import type { MailTransport } from '../../mail/transport';
import { DirectoryCache } from './cache';
import type { IdentityDeps } from './deps';
import type { InstallLookup } from './ports';

/**
 * The identity feature (links between members and HubSpot users, the portal's user directory):
 * which portal each workspace has (`installs`), a HubSpot call with the workspace's token
 * (`sendFor`), and where link-proof codes are mailed. Built once by backend/compose.ts; the
 * periodic sync (identity/sync.ts) runs on what this answers.
 */
export interface IdentityWiring {
  db: Kysely<Database>;
  installs: InstallLookup;
  sendFor(workspaceId: string): PortalSend;
  mail?: MailTransport;
  now?: () => number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Directory sync period (default 3 minutes: a removed HubSpot user loses access within minutes). */
  syncIntervalMs?: number;
}

export function createIdentity(w: IdentityWiring): IdentityDeps {
  const now = w.now ?? Date.now;
  return {
    db: w.db,
    installs: w.installs,
    cache: new DirectoryCache(w.db, now),
    now,
    syncIntervalMs: w.syncIntervalMs ?? 3 * 60_000,
    ...(w.logger ? { logger: w.logger } : {}),
    ...(w.mail ? { mail: w.mail } : {}),
    api: {
      listUsers: (ws) => listUsers(w.sendFor(ws)),
      listOwners: (ws) => listOwners(w.sendFor(ws)),
    },
  };
}
