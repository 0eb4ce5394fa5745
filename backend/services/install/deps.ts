import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import type { Database, Db } from '../../db/schema';
import type { HubSpotApp } from '../../hubspot/app';
import type { Fetch } from '../../hubspot/http';
import type { Keyring } from '../../vault/keyring';
import { changeWatchFor } from '../../db/change-watch';
import { InstallCache } from './install-cache';

/** Only ids, codes and counts are passed to this logger: never a token, code, state or secret. */
export interface InstallLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything the install services need; built once at start, replaced piecemeal in tests. */
export interface InstallDeps {
  db: Db;
  dialect: Dialect;
  app: HubSpotApp;
  keyring: Keyring;
  /** Where browsers reach the backend (for the ticket's start URL). */
  publicUrl: string;
  logger: InstallLogger;
  now: () => number;
  fetch?: Fetch | undefined;
  /** Ticket and OAuth state lifetime (HubSpot's consent screen plus some reading time). */
  ticketTtlMs: number;
  /**
   * After this long on HubSpot with nothing back, a started ticket is explained as `not_returned`
   * (HubSpot sends nothing for a refused install); it keeps waiting until it expires.
   */
  noAnswerAfterMs: number;
  /** How long a different portal's tokens wait for the admin's confirmation. */
  confirmTtlMs: number;
  /** Refresh when the access token has less than this left (HubSpot's last 30 minutes). */
  refreshMarginMs: number;
  /** last_success_at is written at most this often per install, so busy portals do not write on every call. */
  successWriteIntervalMs: number;
  /** Installs rows and opened access tokens kept between requests (install-cache.ts). */
  cache: InstallCache;
}

export function installDepsFrom(input: {
  db: Kysely<Database>;
  dialect: Dialect;
  app: HubSpotApp;
  keyring: Keyring;
  publicUrl: string;
  logger: InstallLogger;
  now?: () => number;
  fetch?: Fetch;
  noAnswerAfterMs?: number;
}): InstallDeps {
  const now = input.now ?? Date.now;
  return {
    db: input.db,
    dialect: input.dialect,
    app: input.app,
    keyring: input.keyring,
    publicUrl: input.publicUrl,
    logger: input.logger,
    now,
    fetch: input.fetch,
    ticketTtlMs: 10 * 60_000,
    noAnswerAfterMs: input.noAnswerAfterMs ?? 2 * 60_000,
    confirmTtlMs: 10 * 60_000,
    refreshMarginMs: 5 * 60_000,
    successWriteIntervalMs: 60_000,
    cache: new InstallCache(input.db, changeWatchFor(input.db), { now }),
  };
}
