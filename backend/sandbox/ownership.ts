import { ancestorsOf, type AccessUser } from './permissions.js';
import type { PortalState, PortalUser } from './state.js';

/** Ownership bookkeeping shared by the store, the API routes and the web pages. */

/**
 * Recomputes the ownership properties HubSpot derives from `hubspot_owner_id`: the owner's main
 * team, all owners, all teams, and all accessible teams (teams plus their ancestors, which is
 * how a parent team's members see child-team records).
 */
export function deriveOwnership(portal: PortalState, props: Record<string, string>): void {
  const ownerId = props.hubspot_owner_id ? Number(props.hubspot_owner_id) : NaN;
  const owner = Number.isFinite(ownerId) ? portal.owners.get(ownerId) : undefined;
  if (!owner) {
    delete props.hubspot_team_id;
    delete props.hs_all_owner_ids;
    delete props.hs_all_team_ids;
    delete props.hs_all_accessible_team_ids;
    if (!props.hubspot_owner_id) delete props.hubspot_owner_id;
    return;
  }
  const teams = [...(owner.primaryTeamId !== null ? [owner.primaryTeamId] : []), ...owner.secondaryTeamIds];
  const accessible = new Set<number>();
  for (const t of teams) {
    accessible.add(t);
    for (const a of ancestorsOf(t, portal.teamParents)) accessible.add(a);
  }
  props.hs_all_owner_ids = String(owner.ownerId);
  if (owner.primaryTeamId !== null) props.hubspot_team_id = String(owner.primaryTeamId);
  else delete props.hubspot_team_id;
  if (teams.length) props.hs_all_team_ids = teams.join(';');
  else delete props.hs_all_team_ids;
  if (accessible.size) props.hs_all_accessible_team_ids = [...accessible].join(';');
  else delete props.hs_all_accessible_team_ids;
}

export function toAccessUser(u: PortalUser): AccessUser {
  return {
    userId: u.userId,
    ownerId: u.ownerId,
    superAdmin: u.superAdmin,
    active: u.active,
    teamIds: [...(u.primaryTeamId !== null ? [u.primaryTeamId] : []), ...u.secondaryTeamIds],
    permissions: u.permissions,
  };
}

export function engagementsOf(portal: PortalState, contactId: string): { notes: Set<string>; tasks: Set<string>; calls: Set<string> } {
  let entry = portal.engagementsByContact.get(contactId);
  if (!entry) {
    entry = { notes: new Set(), tasks: new Set(), calls: new Set() };
    portal.engagementsByContact.set(contactId, entry);
  }
  return entry;
}
