import { z } from 'zod';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { SessionResponse } from '../../../lib/contract/api/accounts';
import { writeAudit } from '../../audit/write';
import { isUniqueViolation } from '../../db/errors';
import type { MemberRow, WorkspaceRow } from '../../db/schema';
import { findAccountByEmail, insertMember } from './members-store';
import { insertWorkspace } from './workspaces-store';
import { newId } from '../../security/tokens';
import { addressKey, takeBudget } from '../../security/throttle';
import { consumeCode } from '../../security/codes';
import type { AccountsDeps, RequestContext } from './deps';
import { issueSession } from './sessions';
import { signupRefusal, tooManySignups } from './signup-start';

export interface CreateWorkspaceInput {
  email: string;
  code: string;
  password: string;
  staySignedIn?: boolean | undefined;
}

export const CODE_INVALID = 'That code is not right, has expired or was already used. Ask for a new one.';
const EMAIL_TAKEN = 'An account with this email already exists on this server. Sign in instead, or use another email.';
const PendingSignup = z.object({ workspaceName: z.string(), displayName: z.string().nullable() });

/**
 * Sign-up, step 2: the mailed code proves the address, so the workspace, its first member (the
 * admin, email verified now) and a session are made together. Guesses are limited per address
 * and per code (codes.ts) before anything else; the KDF runs only after a right code.
 */
export async function createWorkspace(deps: AccountsDeps, input: CreateWorkspaceInput, ctx: RequestContext): Promise<Result<SessionResponse>> {
  const refused = await signupRefusal(deps);
  if (refused) return refused;
  const budget = await takeBudget(deps.db, deps.throttle, `signup-verify:${addressKey(ctx.ip)}`, deps.throttle.maxFailures, deps.now());
  if (budget.blocked) return tooManySignups(budget.retryAfterMs);
  const spent = await consumeCode(deps.db, { purpose: 'signup', subject: input.email, code: input.code, now: deps.now() });
  const pending = spent.ok ? PendingSignup.safeParse(spent.data) : null;
  if (!pending?.success) return fail('code_invalid', CODE_INVALID);
  // Only the inbox's owner gets this far for an existing account (their mail held no code).
  if (await findAccountByEmail(deps.db, input.email)) return fail('conflict', EMAIL_TAKEN);
  // The KDF runs outside the transaction: a 0.4 s hash must not hold a connection or SQLite's lock.
  const hashed = await deps.hasher.hash(input.password);
  if (!hashed.ok) return hashed;
  const passwordHash = hashed.data;
  const now = deps.now();
  const workspace: WorkspaceRow = { id: newId(), name: pending.data.workspaceName, created_at: now, updated_at: now };
  const member: MemberRow = {
    id: newId(),
    workspace_id: workspace.id,
    email: input.email,
    display_name: pending.data.displayName,
    role: 'admin',
    status: 'active',
    password_hash: passwordHash,
    // Proven: the code reached this inbox.
    email_verified_at: now,
    last_sign_in_at: now,
    created_at: now,
    updated_at: now,
  };
  try {
    const session = await deps.db.transaction().execute(async (trx) => {
      await insertWorkspace(trx, workspace);
      await insertMember(trx, member);
      await writeAudit(trx, {
        workspaceId: workspace.id,
        actorMemberId: member.id,
        action: 'workspace.created',
        targetType: 'workspace',
        targetId: workspace.id,
        result: 'ok',
        details: { adminEmail: member.email, emailVerified: true },
        correlationId: ctx.correlationId,
        at: now,
      });
      return issueSession(trx, deps, member, workspace, input.staySignedIn ?? false);
    });
    return ok(session);
  } catch (err) {
    // Two creations with one email at once: the unique index decides, the loser hears why.
    if (isUniqueViolation(err)) return fail('conflict', EMAIL_TAKEN);
    throw err;
  }
}
