/**
 * Reading a record's ownership properties and relating a HubSpot user to them. Pure: the record's
 * properties, the user's ids and teams and (optionally) an admin-set team tree go in, a relation
 * comes out. Levels are applied in evaluate.ts.
 *
 * HubSpot's properties are strings; multi-valued ones are ';'-separated id lists. Anything that
 * is not a plain id is ignored rather than guessed at.
 */

export const OWNERSHIP_PROPERTIES = [
  'hubspot_owner_id',
  'hubspot_team_id',
  'hs_all_owner_ids',
  'hs_all_team_ids',
  'hs_all_accessible_team_ids',
  'hs_shared_user_ids',
  'hs_shared_team_ids',
] as const;

export type RecordProperties = Readonly<Record<string, string | null | undefined>>;

/** Child team id → parent team id, as an admin set it (HubSpot's teams API has no parents). */
export type TeamTree = ReadonlyMap<string, string>;

export interface RecordOwnership {
  /** `hubspot_owner_id` or null when unset. */
  ownerId: string | null;
  /** Every owner: the owner plus `hs_all_owner_ids` (custom user-type properties). */
  ownerIds: ReadonlySet<string>;
  /** The owners' own teams (`hubspot_team_id`, `hs_all_team_ids`), first the main team. */
  ownerTeamIds: readonly string[];
  /** Teams whose members see the record as a team record: owners' teams and their ancestors. */
  accessibleTeamIds: ReadonlySet<string>;
  sharedUserIds: ReadonlySet<string>;
  sharedTeamIds: ReadonlySet<string>;
}

export interface AccessSubject {
  userId: string;
  ownerId: string | null;
  /** Primary team first, then secondary teams. */
  teamIds: readonly string[];
}

export type Relation =
  | { kind: 'owner' }
  | { kind: 'shared_user' }
  | { kind: 'team'; teamId: string }
  /** The subject's team is an ancestor of the team that owns the record. */
  | { kind: 'child_team'; teamId: string; childTeamId: string | null }
  | { kind: 'shared_team'; teamId: string }
  | { kind: 'unassigned' }
  | { kind: 'other'; ownerTeamId: string | null };

const ID = /^\d+$/;

export function idList(value: string | null | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const raw of value.split(';')) {
    const id = raw.trim();
    // Normalise "007" and "7" to one id so set lookups cannot miss on formatting.
    if (ID.test(id)) out.push(String(BigInt(id)));
  }
  return out;
}

/** Ancestors of a team, nearest first; a cycle in an admin-set tree stops the walk. */
export function ancestors(teamId: string, tree: TeamTree): string[] {
  const out: string[] = [];
  const seen = new Set([teamId]);
  for (let t = tree.get(teamId); t !== undefined && !seen.has(t); t = tree.get(t)) {
    out.push(t);
    seen.add(t);
  }
  return out;
}

export function readOwnership(props: RecordProperties, tree: TeamTree = new Map()): RecordOwnership {
  const ownerId = idList(props.hubspot_owner_id)[0] ?? null;
  const ownerIds = new Set([...(ownerId ? [ownerId] : []), ...idList(props.hs_all_owner_ids)]);
  const ownerTeamIds = [...new Set([...idList(props.hubspot_team_id), ...idList(props.hs_all_team_ids)])];
  // HubSpot lists the ancestors itself in hs_all_accessible_team_ids; the admin's tree covers
  // records (or portals) where that property is missing.
  const accessibleTeamIds = new Set<string>();
  for (const t of [...ownerTeamIds, ...idList(props.hs_all_accessible_team_ids)]) {
    accessibleTeamIds.add(t);
    for (const a of ancestors(t, tree)) accessibleTeamIds.add(a);
  }
  return {
    ownerId,
    ownerIds,
    ownerTeamIds,
    accessibleTeamIds,
    sharedUserIds: new Set(idList(props.hs_shared_user_ids)),
    sharedTeamIds: new Set(idList(props.hs_shared_team_ids)),
  };
}

/** Which of the record's owner teams descends from `teamId` (for the message), if known. */
function childTeamOf(teamId: string, record: RecordOwnership, tree: TeamTree): string | null {
  for (const t of record.ownerTeamIds) if (ancestors(t, tree).includes(teamId)) return t;
  return record.ownerTeamIds[0] ?? null;
}

/**
 * The closest relation wins: owning (or being shared the record) beats team access, which beats
 * the record being unassigned. A team relation through the subject's own team beats one through
 * a child team, so the reason names the most direct link.
 */
export function relate(subject: AccessSubject, record: RecordOwnership, tree: TeamTree = new Map()): Relation {
  if (subject.ownerId !== null && record.ownerIds.has(subject.ownerId)) return { kind: 'owner' };
  if (record.sharedUserIds.has(subject.userId)) return { kind: 'shared_user' };
  const direct = subject.teamIds.find((t) => record.ownerTeamIds.includes(t));
  if (direct) return { kind: 'team', teamId: direct };
  const viaChild = subject.teamIds.find((t) => record.accessibleTeamIds.has(t));
  if (viaChild) return { kind: 'child_team', teamId: viaChild, childTeamId: childTeamOf(viaChild, record, tree) };
  const shared = subject.teamIds.find((t) => record.sharedTeamIds.has(t));
  if (shared) return { kind: 'shared_team', teamId: shared };
  if (record.ownerIds.size === 0) return { kind: 'unassigned' };
  return { kind: 'other', ownerTeamId: record.ownerTeamIds[0] ?? null };
}
