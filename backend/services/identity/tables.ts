import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DbOrTrx } from '../../audit/write';
import type { Database } from '../../db/schema';

/**
 * Kysely types of the identity tables (migration 0005_identity). Kept beside the feature; the
 * store widens the shared `Database` with them.
 */
type Millis = number;

export interface HubspotLinksTable {
  /** One link per member; a member belongs to one workspace. */
  member_id: string;
  workspace_id: string;
  /** The portal the link was made in: a link to another portal's user never counts. */
  portal_id: string;
  hubspot_user_id: string;
  /** Snapshot of the user as last synced (owner id, teams, super admin), for the hot path. */
  owner_id: string | null;
  email: string;
  name: string | null;
  super_admin: number;
  /** JSON array of team ids, primary first. */
  team_ids: string;
  /** Set when a sync no longer finds the user active in the portal. */
  deactivated_at: Millis | null;
  /** Admin-mirrored HubSpot permission levels; all null until set. */
  view_level: string | null;
  edit_level: string | null;
  view_unassigned: number;
  edit_unassigned: number;
  linked_by: string | null;
  linked_at: Millis;
  /** Migration 0009: `verified_email` | `code_proof` | `unverified` (set by an admin without proof). */
  link_evidence: string;
  synced_at: Millis | null;
  updated_at: Millis;
}

export interface HubspotDirectoryTable {
  workspace_id: string;
  portal_id: string;
  /** JSON `Directory` (users, owners, team names). */
  data: string;
  synced_at: Millis;
}

export interface HubspotTeamParentsTable {
  workspace_id: string;
  portal_id: string;
  team_id: string;
  parent_team_id: string;
}

export interface IdentityTables {
  hubspot_links: HubspotLinksTable;
  hubspot_directory: HubspotDirectoryTable;
  hubspot_team_parents: HubspotTeamParentsTable;
}

export type IdentityDb = Kysely<Database & IdentityTables>;
export type IdentityDbOrTrx = IdentityDb | Transaction<Database & IdentityTables>;
export type LinkRow = Selectable<HubspotLinksTable>;

/** The shared handle (or transaction) seen with the identity tables. */
export function identityDb(db: DbOrTrx): IdentityDbOrTrx {
  // Same connection, wider type: a cast, not withTables(), so the hot path builds no new instance.
  return db as unknown as IdentityDbOrTrx;
}
