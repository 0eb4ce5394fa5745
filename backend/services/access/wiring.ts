import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Failure, Result } from '../../../lib/errors';
import type { Database } from '../../db/schema';
import { readContact } from '../../hubspot/contact-read';
import { listOwners, listUsers } from '../../hubspot/directory-reads';
import { readPermittedUsers, type PermittedUsers } from '../../hubspot/permitted-users';
import type { PortalSend } from '../../hubspot/portal-send';
import { DirectoryCache } from '../identity/cache';
import type { IdentityDeps } from '../identity/deps';
import type { InstallLookup } from '../identity/ports';
import { startIdentitySync, syncPortal } from '../identity/sync';
import { checkAccessFresh, type FreshCheck, type Requester } from './check';
import type { AccessDeps, ContactRecord } from './deps';
import { SnapshotCache } from './snapshot-cache';
import { CONTACT_SNAPSHOT_TTL_MS } from '../../../lib/api/records';
import { PermittedUsersSource } from './permitted-users-source';
import { trackPermissionsApi } from './permissions-api-state';
import { MemberShare, type MemberShareOptions } from '../records/member-share';
import { NotFoundCache } from '../records/not-found-cache';
import { HUBSPOT_READ_TIMEOUT_MS } from '../../../lib/api/timeouts';

/**
 * Builds record access and identity from the install service's pieces: which portal each
 * workspace has (`installs`) and a HubSpot call that attaches the workspace's fresh token
 * (`sendFor`). One instance per app; buildApp registers the routes with it and stops the
 * periodic sync on close.
 */

export interface RecordAccessWiring {
  db: Kysely<Database>;
  installs: InstallLookup;
  sendFor(workspaceId: string): PortalSend;
  now?: () => number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Directory sync period (default 3 minutes: a removed HubSpot user loses access within minutes). */
  syncIntervalMs?: number;
  /** How long a permitted-users answer is reused for reads (default 5 s; writes never reuse). */
  permittedTtlMs?: number;
  /**
   * How long a contact snapshot (summary + ownership) is reused for reads (default: the same as
   * permitted-users answers, so a verdict is never older than that; writes never reuse).
   * HubSpot allows ~110 calls per 10 s per portal, so a burst of panels on one record must not
   * cost a call each.
   */
  contactTtlMs?: number;
  /** Each member's share of the portal's read budget (defaults in services/records/member-share.ts). */
  memberShare?: MemberShareOptions;
}

export interface RecordAccess {
  access: AccessDeps;
  identity: IdentityDeps;
  /** The write path's check: call at acceptance and again at delivery. */
  checkAccessFresh(who: Requester, portalId: string, contactId: string, ctx?: { correlationId?: string | null; action?: string }): Promise<Result<FreshCheck>>;
  /** Starts the periodic directory sync; returns its stop function. */
  startSync(): () => void;
}

// Failures that retrying will not fix: the install lacks the scope, the plan lacks the product,
// or the endpoint is not there. The permissions API is then skipped for a while.
const LASTING = new Set(['missing_scopes', 'tier', 'user_permission', 'forbidden', 'not_found']);
export const isLasting = (f: Failure) => LASTING.has((f.error.details as { kind?: string } | undefined)?.kind ?? '') || f.error.code === 'missing_scopes';

// A person waits on these reads: they give up within the timeout chain (lib/api/timeouts.ts).
export const withReadTimeout = (send: PortalSend): PortalSend => (req) => send({ timeoutMs: HUBSPOT_READ_TIMEOUT_MS, ...req });

export function createRecordAccess(w: RecordAccessWiring): RecordAccess {
  const now = w.now ?? Date.now;
  const syncIntervalMs = w.syncIntervalMs ?? 3 * 60_000;
  const cache = new DirectoryCache(w.db, now);
  const identity: IdentityDeps = {
    db: w.db,
    installs: w.installs,
    cache,
    now,
    syncIntervalMs,
    ...(w.logger ? { logger: w.logger } : {}),
    api: {
      listUsers: (ws) => listUsers(w.sendFor(ws)),
      listOwners: (ws) => listOwners(w.sendFor(ws)),
    },
  };
  // A lasting refusal of the record permission API is written on the install (health shows it).
  const tracked = trackPermissionsApi<Map<string, PermittedUsers | null>>(w.db, isLasting, now, w.logger);
  const permitted = new PermittedUsersSource(async (portal, ids) => tracked(portal.workspaceId, await readPermittedUsers(withReadTimeout(w.sendFor(portal.workspaceId)), portal.portalId, ids)), {
    ttlMs: w.permittedTtlMs ?? 5_000,
    isLasting,
    now,
  });
  const lastLazySync = new Map<string, number>();
  const contacts = new SnapshotCache<ContactRecord | null>(w.contactTtlMs ?? w.permittedTtlMs ?? CONTACT_SNAPSHOT_TTL_MS, now);
  const access: AccessDeps = {
    db: w.db,
    installs: w.installs,
    directory: cache,
    permitted,
    now,
    readContact: (ws, id, props, { fresh }) => {
      const read = () => readContact(withReadTimeout(w.sendFor(ws)), id, props);
      return fresh ? read() : contacts.get(`${ws}|${id}|${props.join(',')}`, read);
    },
    refreshDirectory: (ws, portalId) => {
      // At most one lazy attempt a minute per portal: a failing sync must not run per view.
      const key = `${ws}|${portalId}`;
      if (now() - (lastLazySync.get(key) ?? -Infinity) < 60_000) return;
      lastLazySync.set(key, now());
      syncPortal(identity, ws, portalId).catch((err: unknown) => w.logger?.warn({ err: String(err) }, 'identity.sync.lazy_failed'));
    },
    directoryStaleMs: syncIntervalMs * 3,
    memberShare: new MemberShare(w.memberShare),
    notFound: new NotFoundCache(),
  };
  return {
    access,
    identity,
    checkAccessFresh: (who, portalId, contactId, ctx) => checkAccessFresh(access, who, portalId, contactId, ctx),
    startSync: () => startIdentitySync(identity),
  };
}
