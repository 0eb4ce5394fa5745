import type { Kysely } from 'kysely';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Result } from '../../../lib/contract/errors';
import type { Database } from '../../db/schema';
import type { DirectoryCache } from '../identity/cache';
import type { InstallLookup } from '../identity/ports';
import type { MemberShare } from './member-share';
import type { NotFoundCache } from './not-found-cache';
import type { PermittedUsersSource } from './permitted-users-source';

/** A CRM record as read from HubSpot: the requested properties (unset ones null). */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string | null;
}
export type ContactRecord = CrmRecord;

/**
 * Reads one record of an object through the workspace's install; `null` when HubSpot has no
 * such record. `fresh` (the write path) must not be answered from any cache.
 */
export type ReadRecord = (
  workspaceId: string,
  objectType: CrmObjectTypeId,
  id: string,
  properties: readonly string[],
  opts: { fresh: boolean },
) => Promise<Result<CrmRecord | null>>;

/**
 * Pipeline labels for the access messages ("Deals in pipeline 'Enterprise deals' are…"):
 * synchronous and cached only — a label must never cost a HubSpot call on the access path;
 * null when not cached (the message then shows the id). Implemented by pipeline-cache.ts.
 */
/** A workspace's install of one portal: what caches of the portal's own settings are keyed by. */
export interface PortalScope {
  workspaceId: string;
  portalId: string;
}

export interface PipelineLabels {
  label(at: PortalScope, type: '0-3' | '0-5', pipelineId: string): string | null;
}

export interface AccessDeps {
  db: Kysely<Database>;
  installs: InstallLookup;
  directory: DirectoryCache;
  readRecord: ReadRecord;
  permitted: PermittedUsersSource;
  now(): number;
  /** Asked (fire and forget) to re-sync a portal's directory that is missing or stale. */
  refreshDirectory?(workspaceId: string, portalId: string): void;
  /** Age after which the directory counts as stale; a few sync intervals. */
  directoryStaleMs?: number;
  /** Each member's share of the portal's read budget, applied by the record view (services/records/view.ts). */
  memberShare?: MemberShare;
  /** Records HubSpot recently said it does not have: record views answer those without a call. */
  notFound?: NotFoundCache;
  /** The workspace's editable-property allowlist for an object (services/settings; backend/compose.ts passes it to createAccess), read with the record. */
  editableProperties?(workspaceId: string, objectType?: CrmObjectTypeId): Promise<string[]>;
  /** Pipeline names for messages; ids are shown when absent. */
  pipelines?: PipelineLabels;
}
