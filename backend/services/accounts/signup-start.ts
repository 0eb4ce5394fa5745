import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { CodeSentResponse } from '../../../lib/contract/api/accounts';
import { signupCodeMail, signupExistingMail } from '../../mail/messages';
import { sendQuietly } from '../../mail/send';
import { findAccountByEmail } from './members-store';
import { countWorkspaces } from './workspaces-store';
import { addressKey, takeBudget } from '../../security/throttle';
import { CODE_TTL_MS, issueCode } from '../../security/codes';
import type { AccountsDeps, RequestContext } from './deps';

export interface StartSignupInput {
  workspaceName: string;
  email: string;
  displayName?: string | undefined;
}

export function tooManySignups(retryAfterMs: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return fail('too_many_attempts', `Too many sign-up attempts. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
}

/** Whether this server lets anyone create a workspace now (WORKSPACE_SIGNUP); says nothing about any email. */
export async function signupRefusal(deps: AccountsDeps) {
  if (deps.signup === 'closed') return fail('forbidden', 'This server does not allow creating workspaces. Ask its operator.');
  if (deps.signup === 'first' && (await countWorkspaces(deps.db)) > 0) {
    return fail('forbidden', 'This server already has its workspace. Ask its admin for an invite.');
  }
  return null;
}

/**
 * Sign-up, step 1. The limits (per address, then per email) are taken before anything is looked
 * up, and both branches do the same work — a code is stored either way, and one mail is sent
 * either way — so neither the answer nor its timing says whether the address has an account.
 * A new address gets the code; an existing one gets "someone tried…, if it was you, sign in",
 * and its stored code can never create anything (step 2 finds the account and refuses).
 */
export async function startSignup(deps: AccountsDeps, input: StartSignupInput, ctx: RequestContext): Promise<Result<CodeSentResponse>> {
  const refused = await signupRefusal(deps);
  if (refused) return refused;
  const byAddress = await takeBudget(deps.db, deps.throttle, `signup:${addressKey(ctx.ip)}`, deps.throttle.maxFailures, deps.now());
  if (byAddress.blocked) return tooManySignups(byAddress.retryAfterMs);
  // Per email too: one address must not be able to mail-bomb an inbox from many networks.
  const byEmail = await takeBudget(deps.db, deps.throttle, `signup-email:${input.email}`, deps.throttle.maxFailures, deps.now());
  if (byEmail.blocked) return tooManySignups(byEmail.retryAfterMs);

  const existing = await findAccountByEmail(deps.db, input.email);
  const { code } = await issueCode(deps.db, {
    purpose: 'signup',
    subject: input.email,
    data: { workspaceName: input.workspaceName, displayName: input.displayName ?? null },
    now: deps.now(),
  });
  const mail = existing ? signupExistingMail(input.email) : signupCodeMail(input.email, input.workspaceName, code, CODE_TTL_MS);
  // Not awaited: an SMTP round trip is the one step whose time could differ by branch.
  void sendQuietly(deps.mail, deps.logger, mail);
  deps.logger.info({ kind: 'signup' }, 'signup.code_requested');
  return ok({
    sentTo: input.email,
    expiresInSeconds: CODE_TTL_MS / 1000,
    message: `We sent a code to ${input.email}. Enter it to create your workspace.`,
  });
}
