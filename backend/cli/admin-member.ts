import { upgradeLinkByVerifiedEmail } from '../services/identity/evidence';
import { Password } from '../../lib/contract/api/accounts';
import { writeAudit } from '../audit/write';
import { isUniqueViolation } from '../db/errors';
import type { Db, MemberRow, WorkspaceRow } from '../db/schema';
import { hasherFromConfig } from '../security/password';
import { newId } from '../security/tokens';
import { createAccounts } from '../services/accounts/create';
import { mintInvite } from '../services/accounts/invites';
import { findMemberByEmail, insertMember } from '../services/accounts/members-store';
import { insertWorkspace } from '../services/accounts/workspaces-store';
import { line, type CliContext } from './command';
import { readStdin } from './lookups';

/**
 * Creates an admin member for the operator: either with a password read from stdin (active at
 * once) or invited, with a one-time code printed once for the operator to hand over (it is stored
 * only as a hash and never logged). With `newWorkspace`, the workspace is created in the same
 * transaction, so a failure leaves neither behind.
 */
export interface AdminRequest {
  email: string;
  displayName?: string | undefined;
  passwordStdin: boolean;
}

export type AdminOutcome = { ok: true; member: MemberRow; invite: { code: string; expiresAt: number } | null } | { ok: false; message: string };

export async function createAdmin(ctx: CliContext, workspace: WorkspaceRow, req: AdminRequest, newWorkspace: boolean): Promise<AdminOutcome> {
  const { db } = ctx.database();
  if (await findMemberByEmail(db, req.email)) return { ok: false, message: `${req.email} already has a Portside account on this server.` };
  let passwordHash: string | null = null;
  if (req.passwordStdin) {
    const checked = Password.safeParse(await readStdin(ctx));
    if (!checked.success) return { ok: false, message: `password from stdin ${checked.error.issues[0]?.message ?? 'is not valid'}` };
    // A hasher of its own in this process: nothing else queues on it, so it is never busy.
    const hashed = await hasherFromConfig(ctx.config).hash(checked.data);
    if (!hashed.ok) return { ok: false, message: hashed.error.message };
    passwordHash = hashed.data;
  }
  const now = ctx.now();
  const member: MemberRow = {
    id: newId(),
    workspace_id: workspace.id,
    email: req.email,
    display_name: req.displayName ?? null,
    role: 'admin',
    status: passwordHash ? 'active' : 'invited',
    password_hash: passwordHash,
    email_verified_at: null,
    last_sign_in_at: null,
    created_at: now,
    updated_at: now,
  };
  const deps = createAccounts(ctx.config, db, { logger: { info() {}, warn() {} }, now: ctx.now, proveLinkByEmail: upgradeLinkByVerifiedEmail });
  try {
    const invite = await db.transaction().execute(async (trx) => {
      if (newWorkspace) {
        await insertWorkspace(trx, workspace);
        await audit(trx, workspace.id, 'workspace.created', 'workspace', workspace.id, { by: 'operator_cli' }, now);
      }
      await insertMember(trx, member);
      await audit(trx, workspace.id, passwordHash ? 'member.created' : 'member.invited', 'member', member.id, { email: member.email, role: 'admin', by: 'operator_cli' }, now);
      return passwordHash ? null : mintInvite(trx, deps, member, null);
    });
    return { ok: true, member, invite };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, message: `${req.email} already has a Portside account on this server.` };
    throw err;
  }
}

function audit(trx: Db, workspaceId: string, action: string, targetType: string, targetId: string, details: Record<string, unknown>, at: number) {
  return writeAudit(trx, { workspaceId, action, targetType, targetId, result: 'ok', details, at });
}

/** What the operator sees: the member, and the invite code exactly once. */
export function printAdmin(ctx: CliContext, outcome: Extract<AdminOutcome, { ok: true }>, publicUrl: string): void {
  const m = outcome.member;
  line(ctx.stdout, `admin: ${m.email} (member ${m.id}) in workspace ${m.workspace_id}, ${m.status}`);
  if (outcome.invite) {
    line(ctx.stdout, `invite code (shown once; valid until ${new Date(outcome.invite.expiresAt).toISOString()}):`);
    line(ctx.stdout, `  ${outcome.invite.code}`);
    line(ctx.stdout, `They accept it in the Portside extension's options page (backend ${publicUrl}).`);
  } else {
    line(ctx.stdout, 'They can sign in now with that email and the password given on stdin.');
  }
}
