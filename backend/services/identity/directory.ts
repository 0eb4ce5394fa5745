/**
 * The portal's people as Portside last synced them: HubSpot users (settings API: id, email,
 * super admin, teams) joined with CRM owners (owner id, name, teams with names). Pure; the sync
 * service fetches the inputs and stores the snapshot, the view reads it from memory.
 */

/** A user as `/settings/v3/users` gives it (already validated by the HubSpot adapter). */
export interface HubSpotUserInput {
  id: string;
  email: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  superAdmin: boolean;
  primaryTeamId?: string | null | undefined;
  secondaryTeamIds?: readonly string[] | null | undefined;
}

/** An owner as `/crm/v3/owners` gives it. `userId` is null for owners without an active user. */
export interface HubSpotOwnerInput {
  id: string;
  userId?: string | null | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  archived?: boolean | undefined;
  teams?: readonly { id: string; name?: string | null | undefined; primary?: boolean | undefined }[] | null | undefined;
}

export interface DirectoryUser {
  userId: string;
  ownerId: string | null;
  email: string;
  name: string | null;
  superAdmin: boolean;
  /** Primary team first. */
  teamIds: string[];
}

export interface DirectoryOwner {
  ownerId: string;
  userId?: string | null | undefined;
  name: string | null;
  email?: string | null | undefined;
}

export interface Directory {
  users: DirectoryUser[];
  owners: DirectoryOwner[];
  teams: { id: string; name: string }[];
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

function fullName(first?: string | null, last?: string | null): string | null {
  const name = [first, last].filter((p) => p && p.trim()).join(' ').trim();
  return name || null;
}

/**
 * `users` is null when the install cannot read users (no `settings.users.read`): the owners'
 * user ids stand in, and nobody is taken for a super admin (unknown denies, never grants).
 */
export function buildDirectory(usersOrNull: readonly HubSpotUserInput[] | null, owners: readonly HubSpotOwnerInput[], teamNames: readonly { id: string; name: string }[] = []): Directory {
  const ownerByUser = new Map<string, HubSpotOwnerInput>();
  for (const o of owners) if (o.userId && !o.archived) ownerByUser.set(o.userId, o);
  const teams = new Map<string, string>(teamNames.map((t) => [t.id, t.name]));
  for (const o of owners) for (const t of o.teams ?? []) if (t.name && !teams.has(t.id)) teams.set(t.id, t.name);

  const users: readonly HubSpotUserInput[] =
    usersOrNull ??
    owners
      .filter((o): o is HubSpotOwnerInput & { userId: string; email: string } => !!o.userId && !!o.email && !o.archived)
      .map((o) => ({ id: o.userId, email: o.email, firstName: o.firstName, lastName: o.lastName, superAdmin: false }));
  const dirUsers = users.map((u): DirectoryUser => {
    const owner = ownerByUser.get(u.id);
    // The users API is the authority on teams; owners' teams fill in when it gave none
    // (portals without the teams feature answer no team ids).
    const fromUser = [...(u.primaryTeamId ? [u.primaryTeamId] : []), ...(u.secondaryTeamIds ?? [])];
    const fromOwner = [...(owner?.teams ?? [])].sort((a, b) => Number(!!b.primary) - Number(!!a.primary)).map((t) => t.id);
    return {
      userId: u.id,
      ownerId: owner?.id ?? null,
      email: normaliseEmail(u.email),
      name: fullName(u.firstName, u.lastName) ?? fullName(owner?.firstName, owner?.lastName),
      superAdmin: u.superAdmin,
      teamIds: [...new Set(fromUser.length ? fromUser : fromOwner)],
    };
  });
  return {
    users: dirUsers,
    owners: owners.map((o) => ({ ownerId: o.id, userId: o.userId, name: fullName(o.firstName, o.lastName), email: o.email ? normaliseEmail(o.email) : null })),
    teams: [...teams].map(([id, name]) => ({ id, name })),
  };
}

/** Lookups over one snapshot, built once per load. */
export class DirectoryIndex {
  readonly usersById: ReadonlyMap<string, DirectoryUser>;
  readonly ownersById: ReadonlyMap<string, DirectoryOwner>;
  readonly teamNames: ReadonlyMap<string, string>;

  constructor(readonly directory: Directory, readonly syncedAt: number) {
    this.usersById = new Map(directory.users.map((u) => [u.userId, u]));
    this.ownersById = new Map(directory.owners.map((o) => [o.ownerId, o]));
    this.teamNames = new Map(directory.teams.map((t) => [t.id, t.name]));
  }
}

/** What a link keeps of its HubSpot user, as of a directory read (linking and sync write the same). */
export function linkSnapshot(user: DirectoryUser) {
  return {
    owner_id: user.ownerId,
    email: user.email,
    name: user.name,
    super_admin: user.superAdmin ? 1 : 0,
    team_ids: JSON.stringify(user.teamIds),
    deactivated_at: null,
  };
}
