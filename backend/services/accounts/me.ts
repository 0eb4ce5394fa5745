import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { ChangePasswordResponse, MeResponse } from '../../../lib/contract/api/accounts';
import { writeAudit } from '../../audit/write';
import { findMemberInWorkspace, updateMember } from './members-store';
import { revokeMemberSessions } from './sessions-store';
import { findWorkspace } from './workspaces-store';
import { PASSWORD_BUSY } from '../../security/password';
import { attemptSucceeded, beginAttempt, throttleKeys } from '../../security/throttle';
import type { AccountsDeps, RequestContext } from './deps';
import type { AuthenticatedMember } from './sessions';
import { tooManyAttempts } from './sign-in';
import { memberView, sessionInfo, workspaceView } from './views';

export async function getMe(deps: AccountsDeps, caller: AuthenticatedMember): Promise<Result<MeResponse>> {
  const [member, workspace] = await Promise.all([
    findMemberInWorkspace(deps.db, caller.workspaceId, caller.memberId),
    findWorkspace(deps.db, caller.workspaceId),
  ]);
  if (!member || !workspace) return fail('session_expired', 'Your Portside session has ended. Sign in again.');
  return ok({ member: memberView(member), workspace: workspaceView(workspace), session: sessionInfo(caller.session) });
}

/** Only the display name: the email is the identity that links a member to a HubSpot user. */
export async function updateMe(deps: AccountsDeps, caller: AuthenticatedMember, displayName: string | null): Promise<Result<MeResponse>> {
  await updateMember(deps.db, caller.workspaceId, caller.memberId, { display_name: displayName }, deps.now());
  return getMe(deps, caller);
}

/**
 * Needs the current password (a stolen session alone cannot take the account over), is
 * throttled like sign-in, and ends every other session of the member.
 */
export async function changePassword(
  deps: AccountsDeps,
  caller: AuthenticatedMember,
  input: { currentPassword: string; newPassword: string },
  ctx: RequestContext,
): Promise<Result<ChangePasswordResponse>> {
  const keys = throttleKeys(caller.email, ctx.ip);
  const verdict = await beginAttempt(deps.db, deps.throttle, keys, deps.now());
  if (verdict.blocked) return tooManyAttempts(verdict.retryAfterMs);
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, caller.memberId);
  const stored = member?.password_hash ?? null;
  // A password change is new-password work from its first KDF: a storm of them never queues ahead of sign-ins.
  if (deps.hasher.saturated('new_password')) return fail('service_unavailable', PASSWORD_BUSY, { retryAfterSeconds: 5 });
  const check = stored ? await deps.hasher.verify(input.currentPassword, stored, 'new_password') : { ok: await deps.hasher.verifyDummy(input.currentPassword, 'new_password') };
  if (!check.ok || !member || !stored) {
    return fail('invalid_credentials', 'The current password is incorrect.');
  }
  await attemptSucceeded(deps.db, keys, deps.now());
  const hashed = await deps.hasher.hash(input.newPassword);
  if (!hashed.ok) return hashed;
  const newHash = hashed.data;
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    // Compare-and-set on the old hash: of two concurrent changes, the second must re-verify.
    const res = await trx
      .updateTable('members')
      .set({ password_hash: newHash, updated_at: now })
      .where('workspace_id', '=', caller.workspaceId)
      .where('id', '=', caller.memberId)
      .where('password_hash', '=', stored)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return fail('conflict', 'Your password was changed meanwhile. Sign in again.');
    const revoked = await revokeMemberSessions(trx, caller.workspaceId, caller.memberId, now, caller.sessionId);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'member.password_changed',
      targetType: 'member',
      targetId: caller.memberId,
      result: 'ok',
      details: { otherSessionsRevoked: revoked },
      correlationId: ctx.correlationId,
      at: now,
    });
    return ok({ otherSessionsRevoked: revoked });
  });
}
