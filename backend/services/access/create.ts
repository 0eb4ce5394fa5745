import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Logger } from 'pino';
import type { Failure } from '../../../lib/contract/errors';
import { CONTACT_SNAPSHOT_TTL_MS } from '../../../lib/contract/api/records';
import { OBJECT_API } from '../../hubspot/objects';
import { readRecord } from '../../hubspot/object-read';
import { readPermittedUsers, type PermittedUsers } from '../../hubspot/permitted-users';
import type { PortalSend } from '../../hubspot/portal-send';
import type { IdentityDeps } from '../identity/deps';
import { syncPortal } from '../identity/sync';
import type { AccessDeps, CrmRecord, PipelineLabels } from './deps';
import { MemberShare, type MemberShareOptions } from './member-share';
import { NotFoundCache } from './not-found-cache';
import { trackPermissionsApi } from './permissions-api-state';
import { PermittedUsersSource } from './permitted-users-source';
import { SnapshotCache } from './snapshot-cache';
import { HUBSPOT_READ_TIMEOUT_MS } from '../../../lib/contract/api/timeouts';

/**
 * The access feature: who may see and edit a record, from the identity directory, HubSpot's
 * record permission API and the contact's owner. Built once by backend/compose.ts after
 * identity (whose directory it reads) and settings (whose allowlist the view reads with the contact).
 */
export interface AccessWiring {
  identity: IdentityDeps;
  sendFor(workspaceId: string): PortalSend;
  /** The workspace's editable-property allowlist (services/settings), read with the contact. */
  editableProperties?(workspaceId: string, objectType?: CrmObjectTypeId): Promise<string[]>;
  /** Cached pipeline labels for the access messages (S4's pipeline cache). */
  pipelines?: PipelineLabels;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** How long a permitted-users answer is reused for reads (default 5 s; writes never reuse). */
  permittedTtlMs?: number;
  /**
   * How long a contact snapshot (summary + ownership) is reused for reads (default: the same as
   * permitted-users answers, so a verdict is never older than that; writes never reuse).
   * HubSpot allows ~110 calls per 10 s per portal, so a burst of panels on one record must not
   * cost a call each.
   */
  contactTtlMs?: number;
  /** Each member's share of the portal's read budget (defaults in services/access/member-share.ts). */
  memberShare?: MemberShareOptions;
}

// Failures that retrying will not fix: the install lacks the scope, the plan lacks the product,
// or the endpoint is not there. The permissions API is then skipped for a while.
const LASTING = new Set(['missing_scopes', 'tier', 'user_permission', 'forbidden', 'not_found']);
export const isLasting = (f: Failure) => LASTING.has((f.error.details as { kind?: string } | undefined)?.kind ?? '') || f.error.code === 'missing_scopes';

// A person waits on these reads: they give up within the timeout chain (lib/contract/api/timeouts.ts).
export const withReadTimeout = (send: PortalSend): PortalSend => (req) => send({ timeoutMs: HUBSPOT_READ_TIMEOUT_MS, ...req });

export function createAccess(w: AccessWiring): AccessDeps {
  const { db, installs, now } = w.identity;
  // A lasting refusal of the record permission API is written on the install (health shows it).
  const tracked = trackPermissionsApi<Map<string, PermittedUsers | null>>(db, isLasting, now, w.logger);
  const permitted = new PermittedUsersSource(async (portal, type, ids) => tracked(portal.workspaceId, await readPermittedUsers(withReadTimeout(w.sendFor(portal.workspaceId)), portal.portalId, type, ids)), {
    ttlMs: w.permittedTtlMs ?? 5_000,
    isLasting,
    now,
  });
  const lastLazySync = new Map<string, number>();
  const records = new SnapshotCache<CrmRecord | null>(w.contactTtlMs ?? w.permittedTtlMs ?? CONTACT_SNAPSHOT_TTL_MS, now);
  return {
    db,
    installs,
    directory: w.identity.cache,
    permitted,
    now,
    readRecord: (ws, type, id, props, { fresh }) => {
      const read = () => readRecord(withReadTimeout(w.sendFor(ws)), OBJECT_API[type].name, id, props);
      // Keyed by object type and id: contact 5 and deal 5 are different records.
      return fresh ? read() : records.get(`${ws}|${type}:${id}|${props.join(',')}`, read);
    },
    refreshDirectory: (ws, portalId) => {
      // At most one lazy attempt a minute per portal: a failing sync must not run per view.
      const key = `${ws}|${portalId}`;
      if (now() - (lastLazySync.get(key) ?? -Infinity) < 60_000) return;
      lastLazySync.set(key, now());
      syncPortal(w.identity, ws, portalId).catch((err: unknown) => w.logger?.warn({ err: String(err) }, 'identity.sync.lazy_failed'));
    },
    directoryStaleMs: w.identity.syncIntervalMs * 3,
    memberShare: new MemberShare(w.memberShare),
    notFound: new NotFoundCache(),
    ...(w.editableProperties ? { editableProperties: w.editableProperties } : {}),
    ...(w.pipelines ? { pipelines: w.pipelines } : {}),
  };
}
