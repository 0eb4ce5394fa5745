import type { Generated } from 'kysely';

/** HubSpot identity (migrations 0005, 0009, 0017). Conventions in ../schema.ts. */
type Millis = number;

/** The values the CHECKs of migrations 0005 and 0009 allow. */
export type ViewLevel = 'everything' | 'team' | 'owned';
export type EditLevel = ViewLevel | 'none';
export type LinkEvidenceValue = 'verified_email' | 'code_proof' | 'unverified';

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
  super_admin: Generated<number>;
  /** JSON array of team ids, primary first. */
  team_ids: Generated<string>;
  /** Set when a sync no longer finds the user active in the portal. */
  deactivated_at: Millis | null;
  /** Admin-mirrored HubSpot permission levels; all null until set. */
  view_level: ViewLevel | null;
  edit_level: EditLevel | null;
  view_unassigned: Generated<number>;
  edit_unassigned: Generated<number>;
  linked_by: string | null;
  linked_at: Millis;
  /** Migration 0009: `verified_email` | `code_proof` | `unverified` (set by an admin without proof). */
  link_evidence: Generated<LinkEvidenceValue>;
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

/** The objects whose levels hubspot_object_levels holds (its CHECK, migration 0017). */
export type LevelObjectTypeValue = '0-2' | '0-3' | '0-5';

/**
 * A member's levels on one other object. `access` 'none': no access to the object (levels null);
 * 'levels': both levels set (a CHECK holds the two shapes apart). No row: not set.
 */
export interface HubspotObjectLevelsTable {
  member_id: string;
  workspace_id: string;
  object_type: LevelObjectTypeValue;
  access: 'levels' | 'none';
  view_level: ViewLevel | null;
  edit_level: EditLevel | null;
  view_unassigned: Generated<number>;
  edit_unassigned: Generated<number>;
  set_by: string | null;
  updated_at: Millis;
}
