import type { CodeSentResponse, MeResponse } from '../../../lib/contract/api/accounts';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { emailVerifyMail } from '../../mail/messages';
import { sendQuietly } from '../../mail/send';
import { findMemberInWorkspace, updateMember } from './members-store';
import { takeBudget } from '../../security/throttle';
import { CODE_TTL_MS, consumeCode, issueCode } from '../../security/codes';
import type { AccountsDeps, RequestContext } from './deps';
import { getMe } from './me';
import type { AuthenticatedMember } from './sessions';

/**
 * "Verify your email" for a signed-in member (invited or CLI-made accounts start unverified):
 * a code to the member's own address; entering it sets `email_verified_at`, and an unverified
 * HubSpot link to a user with that same address becomes proven (`verified_email`).
 */
const CODE_INVALID = 'That code is not right, has expired or was already used. Ask for a new one.';
const REQUESTS_PER_WINDOW = 5;

export async function requestEmailCode(deps: AccountsDeps, caller: AuthenticatedMember, ctx: RequestContext): Promise<Result<CodeSentResponse>> {
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, caller.memberId);
  if (!member) return fail('session_expired', 'Your Portside session has ended. Sign in again.');
  if (member.email_verified_at !== null) return fail('conflict', 'Your email is already verified.');
  const budget = await takeBudget(deps.db, deps.throttle, `email-code:${member.id}`, REQUESTS_PER_WINDOW, deps.now());
  if (budget.blocked) {
    const retryAfterSeconds = Math.max(1, Math.ceil(budget.retryAfterMs / 1000));
    return fail('too_many_attempts', `Too many codes requested. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
  // Bound to the address too: a code sent before an email change would prove nothing.
  const { code } = await issueCode(deps.db, { purpose: 'email', subject: member.id, data: { email: member.email }, now: deps.now() });
  await sendQuietly(deps.mail, deps.logger, emailVerifyMail(member.email, code, CODE_TTL_MS));
  deps.logger.info({ memberId: member.id, correlationId: ctx.correlationId }, 'email.code_requested');
  return ok({ sentTo: member.email, expiresInSeconds: CODE_TTL_MS / 1000, message: `We sent a code to ${member.email}. Enter it to verify your email.` });
}

export async function verifyEmail(deps: AccountsDeps, caller: AuthenticatedMember, code: string, ctx: RequestContext): Promise<Result<MeResponse>> {
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, caller.memberId);
  if (!member) return fail('session_expired', 'Your Portside session has ended. Sign in again.');
  const spent = await consumeCode(deps.db, { purpose: 'email', subject: member.id, code, now: deps.now() });
  if (!spent.ok || spent.data.email !== member.email) return fail('code_invalid', CODE_INVALID);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    await updateMember(trx, member.workspace_id, member.id, { email_verified_at: now }, now);
    const upgraded = await deps.proveLinkByEmail(trx, member.workspace_id, member.id, member.email, now);
    await writeAudit(trx, {
      workspaceId: member.workspace_id,
      actorMemberId: member.id,
      action: 'member.email_verified',
      targetType: 'member',
      targetId: member.id,
      result: 'ok',
      details: upgraded ? { linkProven: { hubspotUserId: upgraded.hubspot_user_id, evidence: 'verified_email' } } : {},
      correlationId: ctx.correlationId,
      at: now,
    });
  });
  return getMe(deps, caller);
}
