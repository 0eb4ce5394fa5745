import { ObjectLevels, PermissionLevels, type LevelObjectType, type LinkedUser } from '../../../lib/contract/api/identity';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { LinkEvidence, type HubSpotUserSummary } from '../../../lib/contract/api/records';
import type { DirectoryIndex } from './directory';
import type { LinkRow } from '../../db/schema';
import type { ObjectLevelsRow } from './store';

/** Shapes of a link row for the API and for the access decision. */

/** Who a linked member is in HubSpot, as the access decision (services/access/decide.ts) reads it. */
export interface AccessIdentity {
  userId: string;
  ownerId: string | null;
  superAdmin: boolean;
  active: boolean;
  teamIds: readonly string[];
  /**
   * Admin-mirrored HubSpot permission levels per object; null when the admin has not set them.
   * Contacts' come from the link row, the others from hubspot_object_levels (0017).
   */
  levels: LevelsByObject;
}

export type LevelsByObject = Record<CrmObjectTypeId, ObjectLevels | null>;

const asObjectLevels = (l: PermissionLevels | null): ObjectLevels | null => (l ? { access: 'levels', ...l } : null);

/** Levels with only contacts' known (the others not set). */
export const contactOnlyLevels = (contact: PermissionLevels | null): LevelsByObject => ({ '0-1': asObjectLevels(contact), '0-2': null, '0-3': null, '0-5': null });

/** Parsed, not cast: a hand-edited row with an unknown level means "not set", which denies. */
export function objectLevelsOf(row: ObjectLevelsRow): ObjectLevels | null {
  const parsed = ObjectLevels.safeParse(
    row.access === 'none'
      ? { access: 'none' }
      : { access: 'levels', view: row.view_level, edit: row.edit_level, viewUnassigned: row.view_unassigned === 1, editUnassigned: row.edit_unassigned === 1 },
  );
  return parsed.success ? parsed.data : null;
}

/** The member's levels on companies, deals and tickets (null: not set). */
export function objectLevelsByType(rows: readonly ObjectLevelsRow[]): Record<LevelObjectType, ObjectLevels | null> {
  const out: Record<LevelObjectType, ObjectLevels | null> = { '0-2': null, '0-3': null, '0-5': null };
  for (const r of rows) out[r.object_type] = objectLevelsOf(r);
  return out;
}

export function levelsOf(row: LinkRow): PermissionLevels | null {
  if (!row.view_level || !row.edit_level) return null;
  // Parsed, not cast: a hand-edited row with an unknown level means "not set", which denies.
  const parsed = PermissionLevels.safeParse({
    view: row.view_level,
    edit: row.edit_level,
    viewUnassigned: row.view_unassigned === 1,
    editUnassigned: row.edit_unassigned === 1,
  });
  return parsed.success ? parsed.data : null;
}

export function teamIdsOf(row: LinkRow): string[] {
  try {
    const v: unknown = JSON.parse(row.team_ids);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** `objectRows`: the member's hubspot_object_levels rows, when read (only the fallback needs them). */
export function accessIdentityOf(row: LinkRow, objectRows: readonly ObjectLevelsRow[] = []): AccessIdentity {
  return {
    userId: row.hubspot_user_id,
    ownerId: row.owner_id,
    superAdmin: row.super_admin === 1,
    active: row.deactivated_at === null,
    teamIds: teamIdsOf(row),
    levels: { ...objectLevelsByType(objectRows), '0-1': asObjectLevels(levelsOf(row)) },
  };
}

/** Parsed, not cast: an unknown stored value counts as no proof. */
export function evidenceOf(row: LinkRow): LinkEvidence {
  const parsed = LinkEvidence.safeParse(row.link_evidence);
  return parsed.success ? parsed.data : 'unverified';
}

export function userSummaryOf(row: LinkRow): HubSpotUserSummary {
  return {
    userId: row.hubspot_user_id,
    ownerId: row.owner_id,
    email: row.email,
    name: row.name,
    superAdmin: row.super_admin === 1,
    linkEvidence: evidenceOf(row),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function linkedUserOf(row: LinkRow, dir: DirectoryIndex | null): LinkedUser {
  return {
    ...userSummaryOf(row),
    evidence: evidenceOf(row),
    active: row.deactivated_at === null,
    teams: teamIdsOf(row).map((id) => ({ id, name: dir?.teamNames.get(id) ?? null })),
    linkedAt: new Date(row.linked_at).toISOString(),
    linkedBy: row.linked_by,
    syncedAt: iso(row.synced_at),
  };
}
