import type { Kysely } from 'kysely';
import type { Result } from '../../../lib/contract/errors';
import type { Database } from '../../db/schema';
import type { DirectoryCache } from '../identity/cache';
import type { InstallLookup } from '../identity/ports';
import type { MemberShare } from './member-share';
import type { NotFoundCache } from './not-found-cache';
import type { PermittedUsersSource } from './permitted-users-source';

/** A contact as read from HubSpot: the requested properties (unset ones null). */
export interface ContactRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string | null;
}

/**
 * Reads one contact through the workspace's install; `null` when HubSpot has no such contact.
 * `fresh` (the write path) must not be answered from any cache.
 */
export type ReadContact = (workspaceId: string, contactId: string, properties: readonly string[], opts: { fresh: boolean }) => Promise<Result<ContactRecord | null>>;

export interface AccessDeps {
  db: Kysely<Database>;
  installs: InstallLookup;
  directory: DirectoryCache;
  readContact: ReadContact;
  permitted: PermittedUsersSource;
  now(): number;
  /** Asked (fire and forget) to re-sync a portal's directory that is missing or stale. */
  refreshDirectory?(workspaceId: string, portalId: string): void;
  /** Age after which the directory counts as stale; a few sync intervals. */
  directoryStaleMs?: number;
  /** Each member's share of the portal's read budget, applied by the record view (services/records/view.ts). */
  memberShare?: MemberShare;
  /** Contacts HubSpot recently said it does not have: record views answer those without a call. */
  notFound?: NotFoundCache;
  /** The workspace's editable-property allowlist (services/settings; backend/compose.ts passes it to createAccess), read with the contact. */
  editableProperties?(workspaceId: string): Promise<string[]>;
}
