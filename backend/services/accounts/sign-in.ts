import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { SessionResponse } from '../../../lib/contract/api/accounts';
import { writeAudit } from '../../audit/write';
import { recordDenial } from '../audit/record-denial';
import { findMemberByEmail, rehashPassword, updateMember } from './members-store';
import { findWorkspace } from './workspaces-store';
import { attemptSucceeded, beginAttempt, throttleKeys } from '../../security/throttle';
import type { AccountsDeps, RequestContext } from './deps';
import { issueSession } from './sessions';

export interface SignInInput {
  email: string;
  password: string;
  staySignedIn?: boolean | undefined;
}

export const WRONG_CREDENTIALS = 'Email or password is incorrect.';
export const SIGN_IN_BUSY = 'Portside is handling many sign-ins right now. Try again in a few seconds.';

export function tooManyAttempts(retryAfterMs: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return fail('too_many_attempts', `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
}

/**
 * Email + password → session. Order matters: the throttle decides and counts the attempt first
 * (a blocked attempt costs one indexed read, never a KDF); then exactly one KDF runs whatever the
 * email — a dummy hash for unknown emails and accounts without a password — so answers and
 * timing reveal nothing. A wrong password needs no further bookkeeping: it was already counted.
 * When the KDF queue is full (a storm from many addresses), the answer is "busy, try again"
 * at once (503 service_unavailable, Retry-After) for known and unknown emails alike.
 */
export async function signIn(deps: AccountsDeps, input: SignInInput, ctx: RequestContext): Promise<Result<SessionResponse>> {
  const keys = throttleKeys(input.email, ctx.ip);
  const verdict = await beginAttempt(deps.db, deps.throttle, keys, deps.now());
  if (verdict.blocked) return tooManyAttempts(verdict.retryAfterMs);

  const member = await findMemberByEmail(deps.db, input.email);
  const stored = member?.password_hash ?? null;
  // Checked with no await before the KDF call, so nothing can join the queue in between. The
  // attempt stays counted (refunding it would let a storm reset an account's failure count).
  if (deps.hasher.saturated()) return fail('service_unavailable', SIGN_IN_BUSY, { retryAfterSeconds: 5 });
  const check = stored ? await deps.hasher.verify(input.password, stored) : { ok: await deps.hasher.verifyDummy(input.password), rehash: false };

  if (!check.ok || !member || !stored) {
    if (member) {
      // Not awaited: an audit write only for known emails would make their answer measurably
      // slower than an unknown email's. The row still lands; a failure is logged, never thrown.
      // Through the denial gate: once per account per window with the rest counted, so guessing
      // from many addresses cannot flood the audit log (the throttle bounds the guesses).
      void recordDenial(deps.db, {
        workspaceId: member.workspace_id,
        actorMemberId: member.id,
        action: 'auth.sign_in',
        targetType: 'member',
        targetId: member.id,
        result: 'denied',
        details: { reason: 'wrong_password' },
        correlationId: ctx.correlationId,
        at: deps.now(),
      }, 'auth.sign_in|wrong_password').catch(() => deps.logger.warn({ memberId: member.id }, 'audit.write_failed'));
    }
    return fail('invalid_credentials', WRONG_CREDENTIALS);
  }
  // The password is right: from here on, saying why is not an oracle for guessing.
  if (member.status !== 'active') return fail('forbidden', 'This account is disabled. Ask your workspace admin.');
  await attemptSucceeded(deps.db, keys, deps.now());
  // The cost changed since this hash was made: upgrade it now that we hold the password (when
  // the new-password lane is busy, at a later sign-in).
  const upgraded = check.rehash ? await deps.hasher.hash(input.password) : null;
  if (upgraded?.ok) await rehashPassword(deps.db, member.id, stored, upgraded.data, deps.now());
  const workspace = await findWorkspace(deps.db, member.workspace_id);
  if (!workspace) return fail('invalid_credentials', WRONG_CREDENTIALS);
  const now = deps.now();
  const session = await deps.db.transaction().execute(async (trx) => {
    await updateMember(trx, member.workspace_id, member.id, { last_sign_in_at: now }, now);
    await writeAudit(trx, {
      workspaceId: member.workspace_id,
      actorMemberId: member.id,
      action: 'auth.sign_in',
      targetType: 'member',
      targetId: member.id,
      result: 'ok',
      details: { staySignedIn: input.staySignedIn ?? false, rehashed: upgraded?.ok ?? false },
      correlationId: ctx.correlationId,
      at: now,
    });
    return issueSession(trx, deps, { ...member, last_sign_in_at: now }, workspace, input.staySignedIn ?? false);
  });
  return ok(session);
}
