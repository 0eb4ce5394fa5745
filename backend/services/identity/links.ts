import type { MemberEntry, MembersAnswer, PermissionLevels } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import type { Db, LinkRow, MemberRow } from '../../db/schema';
import { findMemberInWorkspace, listMembers as listMemberRows } from '../accounts/members-store';
import type { IdentityDeps } from './deps';
import type { DirectoryIndex } from './directory';
import type { InstalledPortal, RequestContext } from './ports';
import { proposalFor } from './proposals';
import { deleteLink, findLink, listLinks, listObjectLevels, setLevels, type ObjectLevelsRow } from './store';
import { syncPortal } from './sync';
import { levelsOf, linkedUserOf, objectLevelsByType } from './views';
import type { Caller } from '../caller';

/**
 * Admin operations on member ↔ HubSpot user links. Only admins link: a proposal (verified
 * email match) is shown, never applied by itself. Every change is audited; a link set without
 * evidence (evidence.ts) is stored as unverified and audited as `identity.link_unverified`.
 */

export async function installedFor(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<InstalledPortal>> {
  const install = await deps.installs.installedPortal(caller.workspaceId);
  if (!install) return fail('portal_not_connected', 'No HubSpot portal is connected to this workspace yet.');
  return ok(install);
}

export async function adminPortal(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<InstalledPortal>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can manage HubSpot links.');
  return installedFor(deps, caller);
}

/** The directory, synced from HubSpot first if this workspace has never synced it. */
export async function directoryOf(deps: IdentityDeps, workspaceId: string, portalId: string, refresh = false): Promise<DirectoryIndex | null> {
  let state = await deps.cache.get(workspaceId, portalId);
  if (!state.directory || refresh) {
    const synced = await syncPortal(deps, workspaceId, portalId);
    if (synced.ok) state = await deps.cache.get(workspaceId, portalId);
  }
  return state.directory;
}

function entryOf(member: MemberRow, link: LinkRow | undefined, dir: DirectoryIndex | null, linkedUserIds: ReadonlySet<string>, objectRows: readonly ObjectLevelsRow[]): MemberEntry {
  const emailVerified = member.email_verified_at !== null;
  return {
    memberId: member.id,
    email: member.email,
    emailVerified,
    role: member.role,
    link: link ? linkedUserOf(link, dir) : null,
    levels: link ? levelsOf(link) : null,
    objectLevels: objectLevelsByType(link ? objectRows.filter((r) => r.member_id === member.id) : []),
    // An invitee who has not joined has shown nothing yet, not even that the invite reached them.
    proposal: link || member.status === 'invited' ? null : proposalFor({ email: member.email, emailVerified }, dir, linkedUserIds),
  };
}

export async function listMemberLinks(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<MembersAnswer>> {
  const portal = await adminPortal(deps, caller);
  if (!portal.ok) return portal;
  const { portalId } = portal.data;
  const [members, links, dir] = await Promise.all([
    listMemberRows(deps.db, caller.workspaceId),
    listLinks(deps.db, caller.workspaceId, portalId),
    directoryOf(deps, caller.workspaceId, portalId),
  ]);
  const objectRows = await listObjectLevels(deps.db, caller.workspaceId, links.map((l) => l.member_id));
  const byMember = new Map(links.map((l) => [l.member_id, l]));
  const byUser = new Map(links.map((l) => [l.hubspot_user_id, l.member_id]));
  const linkedUserIds = new Set(byUser.keys());
  return ok({
    portalId,
    directorySyncedAt: dir ? new Date(dir.syncedAt).toISOString() : null,
    members: members.filter((m) => m.status !== 'disabled').map((m) => entryOf(m, byMember.get(m.id), dir, linkedUserIds, objectRows)),
    hubspotUsers: (dir?.directory.users ?? []).map((u) => ({
      userId: u.userId,
      ownerId: u.ownerId,
      email: u.email,
      name: u.name,
      superAdmin: u.superAdmin,
      teams: u.teamIds.map((id) => ({ id, name: dir?.teamNames.get(id) ?? null })),
      linkedMemberId: byUser.get(u.userId) ?? null,
    })),
  });
}

export async function memberEntry(deps: IdentityDeps, caller: Caller<'role' | 'email'>, portalId: string, member: MemberRow): Promise<MemberEntry> {
  const [link, links, state, objectRows] = await Promise.all([
    findLink(deps.db, caller.workspaceId, member.id),
    listLinks(deps.db, caller.workspaceId, portalId),
    deps.cache.get(caller.workspaceId, portalId),
    listObjectLevels(deps.db, caller.workspaceId, [member.id]),
  ]);
  return entryOf(member, link?.portal_id === portalId ? link : undefined, state.directory, new Set(links.map((l) => l.hubspot_user_id)), objectRows);
}

export async function unlinkMember(deps: IdentityDeps, caller: Caller<'role' | 'email'>, memberId: string, ctx: RequestContext): Promise<Result<MemberEntry>> {
  const portal = await adminPortal(deps, caller);
  if (!portal.ok) return portal;
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, memberId);
  if (!member) return fail('not_found', 'No such member in this workspace.');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const previous = await findLink(trx, caller.workspaceId, memberId);
    if (!(await deleteLink(trx, caller.workspaceId, memberId))) return;
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'identity.link.removed',
      targetType: 'member',
      targetId: memberId,
      result: 'ok',
      details: { portalId: previous?.portal_id ?? null, hubspotUserId: previous?.hubspot_user_id ?? null },
      correlationId: ctx.correlationId,
      at: now,
    });
  });
  deps.cache.invalidateLinks(caller.workspaceId, memberId);
  return ok(await memberEntry(deps, caller, portal.data.portalId, member));
}

export async function setMemberLevels(
  deps: IdentityDeps,
  caller: Caller<'role' | 'email'>,
  memberId: string,
  levels: PermissionLevels | null,
  ctx: RequestContext,
): Promise<Result<MemberEntry>> {
  return setLinkedMemberLevels(deps, caller, memberId, ctx, async (trx, link, now) => {
    await setLevels(trx, caller.workspaceId, memberId, levels, now);
    return { levels, previous: levelsOf(link) };
  });
}

/**
 * The frame of every levels edit (contacts' on the link, other objects' in object-levels.ts): an
 * admin, a member of the workspace linked in the connected portal; the change and its
 * `identity.levels.set` audit row in one transaction; then this instance's memo of the member's
 * link and levels dropped at once. `apply` writes the levels and returns the audit details.
 */
export async function setLinkedMemberLevels(
  deps: IdentityDeps,
  caller: Caller<'role' | 'email'>,
  memberId: string,
  ctx: RequestContext,
  apply: (trx: Db, link: LinkRow, now: number) => Promise<Record<string, unknown>>,
): Promise<Result<MemberEntry>> {
  const portal = await adminPortal(deps, caller);
  if (!portal.ok) return portal;
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, memberId);
  if (!member) return fail('not_found', 'No such member in this workspace.');
  const link = await findLink(deps.db, caller.workspaceId, memberId);
  if (!link || link.portal_id !== portal.data.portalId) return fail('not_linked', 'Link this member to a HubSpot user before setting their permission levels.');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const details = await apply(trx, link, now);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'identity.levels.set',
      targetType: 'member',
      targetId: memberId,
      result: 'ok',
      details: { portalId: portal.data.portalId, ...details },
      correlationId: ctx.correlationId,
      at: now,
    });
  });
  deps.cache.invalidateLinks(caller.workspaceId, memberId);
  return ok(await memberEntry(deps, caller, portal.data.portalId, member));
}
