import type { Logger } from 'pino';
import type { DirectoryCache } from './cache';
import type { DirectoryApi, InstallLookup } from './ports';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface IdentityDeps {
  db: Kysely<Database>;
  installs: InstallLookup;
  api: DirectoryApi;
  cache: DirectoryCache;
  now(): number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** How often the directory is re-read from HubSpot (the periodic sync). */
  syncIntervalMs: number;
}

export const USERS_SCOPE = 'settings.users.read';
