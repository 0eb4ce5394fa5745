import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { InviteCreatedResponse, MemberListResponse, MemberResponse } from '../../../lib/contract/api/accounts';
import { writeAudit } from '../../audit/write';
import { isUniqueViolation } from '../../db/errors';
import type { MemberRow, Role } from '../../db/schema';
import { pendingInviteExpiries, revokeMemberInvites } from './invites-store';
import { countActiveAdmins, findMemberInWorkspace, findMemberInWorkspaceByEmail, insertMember, listMembers, updateMember } from './members-store';
import { revokeMemberSessions } from './sessions-store';
import { findWorkspace, lockWorkspace } from './workspaces-store';
import { newId } from '../../security/tokens';
import type { AccountsDeps, RequestContext } from './deps';
import { inviteCreated, mintInvite, notifyInvite } from './invites';
import type { AuthenticatedMember } from './sessions';
import { memberView } from './views';

/**
 * Admin operations on members. The caller is an admin (the route scope checks); the workspace is
 * always the caller's, so a member id from another workspace is simply "not found".
 */
const NOT_FOUND = 'No such member in your workspace.';
const LAST_ADMIN = 'A workspace needs at least one active admin. Make someone else an admin first.';
const EMAIL_IN_WORKSPACE = 'That email is already a member of your workspace. To give them a new code, use Reset access.';
const EMAIL_ACTIVE_ELSEWHERE = 'This email is now used by an active Portside account elsewhere on this server, so this member cannot be enabled.';

export async function listWorkspaceMembers(deps: AccountsDeps, caller: AuthenticatedMember): Promise<Result<MemberListResponse>> {
  const [rows, pending] = await Promise.all([
    listMembers(deps.db, caller.workspaceId),
    pendingInviteExpiries(deps.db, caller.workspaceId, deps.now()),
  ]);
  return ok({ members: rows.map((m) => memberView(m, pending.get(m.id) ?? null)) });
}

export interface InviteMemberInput {
  email: string;
  role: Role;
  displayName?: string | undefined;
}

export async function inviteMember(
  deps: AccountsDeps,
  caller: AuthenticatedMember,
  input: InviteMemberInput,
  ctx: RequestContext,
): Promise<Result<InviteCreatedResponse>> {
  const workspace = await findWorkspace(deps.db, caller.workspaceId);
  if (!workspace) return fail('not_found', 'Your workspace no longer exists.');
  // Only the admin's own workspace is looked at: whether the address has an account elsewhere on
  // the server is not the admin's to learn. That conflict surfaces to the invitee at acceptance.
  if (await findMemberInWorkspaceByEmail(deps.db, caller.workspaceId, input.email)) return fail('conflict', EMAIL_IN_WORKSPACE);
  const now = deps.now();
  const member: MemberRow = {
    id: newId(),
    workspace_id: caller.workspaceId,
    email: input.email,
    display_name: input.displayName ?? null,
    role: input.role,
    status: 'invited',
    password_hash: null,
    email_verified_at: null,
    last_sign_in_at: null,
    created_at: now,
    updated_at: now,
  };
  let invite;
  try {
    invite = await deps.db.transaction().execute(async (trx) => {
      await insertMember(trx, member);
      const minted = await mintInvite(trx, deps, member, caller.memberId);
      await audit(trx, caller, ctx, 'member.invited', member.id, { email: member.email, role: member.role });
      return minted;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return fail('conflict', EMAIL_IN_WORKSPACE);
    throw err;
  }
  await notifyInvite(deps, { ...notice(workspace.id, workspace.name, member, invite), kind: 'invite' });
  return ok(inviteCreated(member, invite));
}

/**
 * A fresh invite for an existing member who lost their password (or may be compromised): the
 * old password stops working and their sessions end now; the new code lets them set another.
 */
export async function resetAccess(
  deps: AccountsDeps,
  caller: AuthenticatedMember,
  memberId: string,
  ctx: RequestContext,
): Promise<Result<InviteCreatedResponse>> {
  const workspace = await findWorkspace(deps.db, caller.workspaceId);
  const out = await deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    const target = await findMemberInWorkspace(trx, caller.workspaceId, memberId);
    if (!workspace || !target) return fail('not_found', NOT_FOUND);
    if (target.status === 'disabled') return fail('conflict', 'This member is disabled. Enable them first.');
    await updateMember(trx, caller.workspaceId, target.id, { password_hash: null }, now);
    const revoked = await revokeMemberSessions(trx, caller.workspaceId, target.id, now);
    const minted = await mintInvite(trx, deps, target, caller.memberId);
    await audit(trx, caller, ctx, 'member.access_reset', target.id, { sessionsRevoked: revoked });
    return ok({ member: { ...target, password_hash: null }, minted });
  });
  if (!out.ok || !workspace) return out.ok ? fail('not_found', NOT_FOUND) : out;
  await notifyInvite(deps, { ...notice(workspace.id, workspace.name, out.data.member, out.data.minted), kind: 'reset' });
  return ok(inviteCreated(out.data.member, out.data.minted));
}

export async function changeRole(
  deps: AccountsDeps,
  caller: AuthenticatedMember,
  memberId: string,
  role: Role,
  ctx: RequestContext,
): Promise<Result<MemberResponse>> {
  // A member of another workspace (or nobody) is refused before the lock, so a refusal writes nothing.
  if (!(await findMemberInWorkspace(deps.db, caller.workspaceId, memberId))) return fail('not_found', NOT_FOUND);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    // Serialise with other admin changes in this workspace before counting admins.
    await lockWorkspace(trx, caller.workspaceId, now);
    const target = await findMemberInWorkspace(trx, caller.workspaceId, memberId);
    if (!target) return fail('not_found', NOT_FOUND);
    if (target.role === role) return ok({ member: memberView(target) });
    if (target.role === 'admin' && target.status === 'active' && (await countActiveAdmins(trx, caller.workspaceId, target.id)) === 0) {
      return fail('last_admin', LAST_ADMIN);
    }
    await updateMember(trx, caller.workspaceId, target.id, { role }, now);
    await audit(trx, caller, ctx, 'member.role_changed', target.id, { from: target.role, to: role });
    return ok({ member: memberView({ ...target, role, updated_at: now }) });
  });
}

/** Disabling ends every session and outstanding invite of the member at once. */
export async function setMemberEnabled(
  deps: AccountsDeps,
  caller: AuthenticatedMember,
  memberId: string,
  enabled: boolean,
  ctx: RequestContext,
): Promise<Result<MemberResponse>> {
  // As in changeRole: refused before the lock, so a refusal writes nothing.
  if (!(await findMemberInWorkspace(deps.db, caller.workspaceId, memberId))) return fail('not_found', NOT_FOUND);
  try {
    return await toggleMember(deps, caller, memberId, enabled, ctx);
  } catch (err) {
    // One active account per email: a disabled member's address may have been taken meanwhile.
    if (isUniqueViolation(err)) return fail('conflict', EMAIL_ACTIVE_ELSEWHERE);
    throw err;
  }
}

function toggleMember(deps: AccountsDeps, caller: AuthenticatedMember, memberId: string, enabled: boolean, ctx: RequestContext): Promise<Result<MemberResponse>> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    await lockWorkspace(trx, caller.workspaceId, now);
    const target = await findMemberInWorkspace(trx, caller.workspaceId, memberId);
    if (!target) return fail('not_found', NOT_FOUND);
    const isDisabled = target.status === 'disabled';
    if (isDisabled === !enabled) return ok({ member: memberView(target) });
    if (!enabled && target.role === 'admin' && target.status === 'active' && (await countActiveAdmins(trx, caller.workspaceId, target.id)) === 0) {
      return fail('last_admin', LAST_ADMIN);
    }
    // Re-enabled members who never accepted an invite are "invited" again (and need a reset to get a code).
    const accepted = target.password_hash !== null || target.last_sign_in_at !== null || target.email_verified_at !== null;
    const status = enabled ? (accepted ? 'active' : 'invited') : 'disabled';
    await updateMember(trx, caller.workspaceId, target.id, { status }, now);
    let revoked = 0;
    if (!enabled) {
      revoked = await revokeMemberSessions(trx, caller.workspaceId, target.id, now);
      await revokeMemberInvites(trx, caller.workspaceId, target.id, now);
    }
    await audit(trx, caller, ctx, enabled ? 'member.enabled' : 'member.disabled', target.id, enabled ? {} : { sessionsRevoked: revoked });
    return ok({ member: memberView({ ...target, status, updated_at: now }) });
  });
}

function audit(trx: Parameters<typeof writeAudit>[0], caller: AuthenticatedMember, ctx: RequestContext, action: string, targetId: string, details: Record<string, unknown>) {
  return writeAudit(trx, {
    workspaceId: caller.workspaceId,
    actorMemberId: caller.memberId,
    action,
    targetType: 'member',
    targetId,
    result: 'ok',
    details,
    correlationId: ctx.correlationId,
  });
}

function notice(workspaceId: string, workspaceName: string, member: MemberRow, invite: { code: string; expiresAt: number }) {
  return { workspaceId, workspaceName, email: member.email, role: member.role, code: invite.code, expiresAt: new Date(invite.expiresAt) };
}
