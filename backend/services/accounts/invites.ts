import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { InviteCreatedResponse, InviteInfoResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { writeAudit } from '../../audit/write';
import { isUniqueViolation } from '../../db/errors';
import type { Db, MemberRow } from '../../db/schema';
import { claimInvite, findInviteByTokenHash, insertInvite, revokeMemberInvites } from './invites-store';
import { findMemberInWorkspace, updateMember } from './members-store';
import { revokeMemberSessions } from './sessions-store';
import { findWorkspace } from './workspaces-store';
import { hashToken, newId, newToken } from '../../security/tokens';
import type { AccountsDeps, InviteNotice, RequestContext } from './deps';
import { issueSession } from './sessions';
import { memberView } from './views';

export const INVITE_INVALID = 'This invite is not valid any more (used, expired or replaced). Ask your admin for a new one.';
export const INVITE_EMAIL_TAKEN =
  'This email already has a Portside account on this server, in another workspace. Sign in with that account, or ask your admin to invite a different address.';

/** Makes a single-use invite for a member inside the caller's transaction; returns the code (shown once). */
export async function mintInvite(trx: Db, deps: AccountsDeps, member: MemberRow, createdBy: string | null) {
  const now = deps.now();
  const code = newToken();
  // A member has at most one live invite: the newest replaces any earlier one.
  await revokeMemberInvites(trx, member.workspace_id, member.id, now);
  const expiresAt = now + deps.inviteTtlMs;
  await insertInvite(trx, {
    id: newId(),
    workspace_id: member.workspace_id,
    member_id: member.id,
    token_hash: hashToken(code),
    created_by: createdBy,
    expires_at: expiresAt,
    used_at: null,
    revoked_at: null,
    created_at: now,
  });
  return { code, expiresAt };
}

/** Runs the operator's mail hook after commit. Its failure is logged (without the code) and never fails the request. */
export async function notifyInvite(deps: AccountsDeps, notice: InviteNotice): Promise<void> {
  deps.logger.info({ workspaceId: notice.workspaceId, kind: notice.kind, expiresAt: notice.expiresAt.toISOString() }, 'invite.created');
  if (!deps.onInvite) return;
  try {
    await deps.onInvite(notice);
  } catch (err) {
    deps.logger.warn({ workspaceId: notice.workspaceId, error: err instanceof Error ? err.name : 'unknown' }, 'invite.hook_failed');
  }
}

export function inviteCreated(member: MemberRow, invite: { code: string; expiresAt: number }): InviteCreatedResponse {
  return { member: memberView(member, invite.expiresAt), invite: { code: invite.code, expiresAt: new Date(invite.expiresAt).toISOString() } };
}

async function liveInvite(deps: AccountsDeps, code: string) {
  const invite = await findInviteByTokenHash(deps.db, hashToken(code));
  const now = deps.now();
  if (!invite || invite.used_at !== null || invite.revoked_at !== null || now >= invite.expires_at) return null;
  const member = await findMemberInWorkspace(deps.db, invite.workspace_id, invite.member_id);
  const workspace = await findWorkspace(deps.db, invite.workspace_id);
  if (!member || !workspace || member.status === 'disabled') return null;
  return { invite, member, workspace };
}

/** What the accept screen shows before the member picks a password. */
export async function inspectInvite(deps: AccountsDeps, code: string): Promise<Result<InviteInfoResponse>> {
  const live = await liveInvite(deps, code);
  if (!live) return fail('invite_invalid', INVITE_INVALID);
  return ok({
    email: live.member.email,
    workspaceName: live.workspace.name,
    role: live.member.role,
    expiresAt: new Date(live.invite.expires_at).toISOString(),
  });
}

export interface AcceptInviteInput {
  code: string;
  password: string;
  displayName?: string | undefined;
  staySignedIn?: boolean | undefined;
}

/**
 * Accepting sets the password and signs in. It does not prove the email: the code is shown to the
 * admin, who may pass it on by any channel, so the member verifies the address later with a mailed
 * code (me/email). Any earlier sessions of the member end: after a reset, whoever held the old
 * password is out. An address with an active account elsewhere on the server is refused here, to
 * the invitee (the admin's invite answer did not say).
 */
export async function acceptInvite(deps: AccountsDeps, input: AcceptInviteInput, ctx: RequestContext): Promise<Result<SessionResponse>> {
  // Validate before hashing, so garbage codes cannot make the server run the KDF.
  const live = await liveInvite(deps, input.code);
  if (!live) return fail('invite_invalid', INVITE_INVALID);
  const hashed = await deps.hasher.hash(input.password);
  if (!hashed.ok) return hashed;
  const passwordHash = hashed.data;
  try {
    return await claimAndSignIn(deps, input, ctx, live, passwordHash);
  } catch (err) {
    if (isUniqueViolation(err)) return fail('conflict', INVITE_EMAIL_TAKEN);
    throw err;
  }
}

type Live = NonNullable<Awaited<ReturnType<typeof liveInvite>>>;

async function claimAndSignIn(deps: AccountsDeps, input: AcceptInviteInput, ctx: RequestContext, live: Live, passwordHash: string): Promise<Result<SessionResponse>> {
  const { invite, member, workspace } = live;
  const result = await deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    if (!(await claimInvite(trx, invite.id, now))) return null;
    const current = await findMemberInWorkspace(trx, invite.workspace_id, invite.member_id);
    if (!current || current.status === 'disabled') return null;
    const changes = {
      password_hash: passwordHash,
      status: 'active' as const,
      last_sign_in_at: now,
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    };
    await updateMember(trx, member.workspace_id, member.id, changes, now);
    await revokeMemberInvites(trx, member.workspace_id, member.id, now);
    await revokeMemberSessions(trx, member.workspace_id, member.id, now);
    await writeAudit(trx, {
      workspaceId: member.workspace_id,
      actorMemberId: member.id,
      action: 'invite.accepted',
      targetType: 'member',
      targetId: member.id,
      result: 'ok',
      correlationId: ctx.correlationId,
      at: now,
    });
    return issueSession(trx, deps, { ...current, ...changes, updated_at: now }, workspace, input.staySignedIn ?? false);
  });
  // Lost a race with another accept of the same code (or a disable): single use holds.
  return result ? ok(result) : fail('invite_invalid', INVITE_INVALID);
}
