import { fail, ok, type Result } from '../../../lib/errors';
import type { SessionResponse } from '../../../lib/api/accounts';
import { writeAudit } from '../../audit/write';
import { isUniqueViolation } from '../../db/errors';
import type { MemberRow, WorkspaceRow } from '../../db/schema';
import { findMemberByEmail, insertMember } from '../../store/members';
import { countWorkspaces, insertWorkspace } from '../../store/workspaces';
import { newId } from '../../security/tokens';
import { addressKey, takeBudget } from '../../security/throttle';
import type { AccountsDeps, RequestContext } from './deps';
import { issueSession } from './sessions';

export interface CreateWorkspaceInput {
  workspaceName: string;
  email: string;
  password: string;
  displayName?: string | undefined;
  staySignedIn?: boolean | undefined;
}

const EMAIL_TAKEN = 'An account with this email already exists on this server. Sign in instead, or use another email.';

/** A new workspace and its first member, who is its admin and is signed in at once. */
export async function createWorkspace(deps: AccountsDeps, input: CreateWorkspaceInput, ctx: RequestContext): Promise<Result<SessionResponse>> {
  if (deps.signup === 'closed') return fail('forbidden', 'This server does not allow creating workspaces. Ask its operator.');
  if (deps.signup === 'first' && (await countWorkspaces(deps.db)) > 0) {
    return fail('forbidden', 'This server already has its workspace. Ask its admin for an invite.');
  }
  if (await findMemberByEmail(deps.db, input.email)) return fail('conflict', EMAIL_TAKEN);
  const budget = await takeBudget(deps.db, deps.throttle, `signup:${addressKey(ctx.ip)}`, deps.throttle.maxFailures, deps.now());
  if (budget.blocked) {
    const retryAfterSeconds = Math.max(1, Math.ceil(budget.retryAfterMs / 1000));
    return fail('too_many_attempts', `Too many workspaces created from your network. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
  // The KDF runs outside the transaction: a 0.4 s hash must not hold a connection or SQLite's lock.
  const hashed = await deps.hasher.hash(input.password);
  if (!hashed.ok) return hashed;
  const passwordHash = hashed.data;
  const now = deps.now();
  const workspace: WorkspaceRow = { id: newId(), name: input.workspaceName, created_at: now, updated_at: now };
  const member: MemberRow = {
    id: newId(),
    workspace_id: workspace.id,
    email: input.email,
    display_name: input.displayName ?? null,
    role: 'admin',
    status: 'active',
    password_hash: passwordHash,
    // The creator typed this address for their own account; the HubSpot link treats it as verified.
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
        details: { adminEmail: member.email },
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
