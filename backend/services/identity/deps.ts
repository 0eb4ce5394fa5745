import type { Logger } from 'pino';
import type { DirectoryCache } from './cache';
import type { DirectoryApi, InstallLookup } from './ports';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { MailTransport } from '../../mail/transport';

export interface IdentityDeps {
  db: Kysely<Database>;
  installs: InstallLookup;
  api: DirectoryApi;
  cache: DirectoryCache;
  now(): number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** How often the directory is re-read from HubSpot (the periodic sync). */
  syncIntervalMs: number;
  /** Where link-proof codes are mailed; without it, proving a link by code is not offered. */
  mail?: MailTransport;
}

export const USERS_SCOPE = 'settings.users.read';
