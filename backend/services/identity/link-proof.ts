import { z } from 'zod';
import type { CodeSentResponse } from '../../../lib/contract/api/accounts';
import type { MeAnswer } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { linkProofMail } from '../../mail/messages';
import { sendQuietly } from '../../mail/send';
import { takeBudget, type ThrottlePolicy } from '../../security/throttle';
import { CODE_TTL_MS, consumeCode, issueCode } from '../../security/codes';
import type { IdentityDeps } from './deps';
import { setEvidence } from './evidence';
import { whoAmI } from './me';
import type { RequestContext } from './ports';
import { findLink } from './store';
import { evidenceOf } from './views';
import type { Caller } from '../caller';

/**
 * The HubSpot user proves a link: a code goes to the linked user's HubSpot address, and the
 * member enters it. Only the member themself can ask (from their session) and only for their own
 * link; the code is bound to that member, portal and HubSpot user.
 */
const PROOF_REQUESTS_PER_WINDOW = 5;
const PROOF_POLICY: ThrottlePolicy = {
  maxFailures: PROOF_REQUESTS_PER_WINDOW,
  windowMs: 15 * 60_000,
  lockBaseMs: 60_000,
  lockMaxMs: 15 * 60_000,
  accountMaxFailures: PROOF_REQUESTS_PER_WINDOW,
  accountLockMs: 60_000,
  ipMaxFailures: PROOF_REQUESTS_PER_WINDOW,
  trustMs: 0,
};
const ProofData = z.object({ portalId: z.string(), hubspotUserId: z.string() });
const CODE_INVALID = 'That code is not right, has expired or was already used. Ask for a new one.';

async function ownLink(deps: IdentityDeps, caller: Caller<'role' | 'email'>) {
  const install = await deps.installs.installedPortal(caller.workspaceId);
  const link = install ? await findLink(deps.db, caller.workspaceId, caller.memberId) : undefined;
  return link && install && link.portal_id === install.portalId ? link : null;
}

export async function startLinkProof(deps: IdentityDeps, caller: Caller<'role' | 'email'>, ctx: RequestContext): Promise<Result<CodeSentResponse>> {
  if (!deps.mail) return fail('not_configured', 'This server cannot send mail, so links cannot be proven by code.');
  const link = await ownLink(deps, caller);
  if (!link) return fail('not_linked', 'You are not linked to a HubSpot user yet. Ask your admin to link you.');
  if (evidenceOf(link) !== 'unverified') return fail('conflict', 'Your HubSpot link is already verified.');
  const budget = await takeBudget(deps.db, PROOF_POLICY, `link-proof:${caller.memberId}`, PROOF_REQUESTS_PER_WINDOW, deps.now());
  if (budget.blocked) {
    const retryAfterSeconds = Math.max(1, Math.ceil(budget.retryAfterMs / 1000));
    return fail('too_many_attempts', `Too many codes requested. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
  const { code } = await issueCode(deps.db, {
    purpose: 'link',
    subject: caller.memberId,
    data: { portalId: link.portal_id, hubspotUserId: link.hubspot_user_id },
    now: deps.now(),
  });
  await sendQuietly(deps.mail, deps.logger ?? { warn() {} }, linkProofMail(link.email, caller.email, code, CODE_TTL_MS));
  await audit(deps, caller, ctx, 'identity.link_proof.requested', { portalId: link.portal_id, hubspotUserId: link.hubspot_user_id });
  return ok({
    sentTo: link.email,
    expiresInSeconds: CODE_TTL_MS / 1000,
    message: `We sent a code to ${link.email}, your HubSpot user's address. Enter it here to verify your link.`,
  });
}

export async function verifyLinkProof(deps: IdentityDeps, caller: Caller<'role' | 'email'>, code: string, ctx: RequestContext): Promise<Result<MeAnswer>> {
  const link = await ownLink(deps, caller);
  if (!link) return fail('not_linked', 'You are not linked to a HubSpot user.');
  const spent = await consumeCode(deps.db, { purpose: 'link', subject: caller.memberId, code, now: deps.now() });
  const data = spent.ok ? ProofData.safeParse(spent.data) : null;
  // A code for an earlier link (the admin re-linked meanwhile) proves nothing about this one.
  if (!data?.success || data.data.portalId !== link.portal_id || data.data.hubspotUserId !== link.hubspot_user_id) {
    return fail('code_invalid', CODE_INVALID);
  }
  await deps.db.transaction().execute(async (trx) => {
    await setEvidence(trx, caller.workspaceId, caller.memberId, link.hubspot_user_id, 'code_proof', deps.now());
    await audit(deps, caller, ctx, 'identity.link.proven', { portalId: link.portal_id, hubspotUserId: link.hubspot_user_id, evidence: 'code_proof' }, trx);
  });
  deps.cache.invalidateLinks(caller.workspaceId, caller.memberId);
  return whoAmI(deps, caller);
}

function audit(deps: IdentityDeps, caller: Caller<'role' | 'email'>, ctx: RequestContext, action: string, details: Record<string, unknown>, trx: Parameters<typeof writeAudit>[0] = deps.db) {
  return writeAudit(trx, {
    workspaceId: caller.workspaceId,
    actorMemberId: caller.memberId,
    action,
    targetType: 'member',
    targetId: caller.memberId,
    result: 'ok',
    details,
    correlationId: ctx.correlationId,
    at: deps.now(),
  });
}
