import type { MemberEntry } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { isUniqueViolation } from '../../db/errors';
import { findMemberInWorkspace } from '../accounts/members-store';
import type { IdentityDeps } from './deps';
import { linkSnapshot } from './directory';
import { evidenceForNewLink } from './evidence';
import { adminPortal, directoryOf, memberEntry } from './links';
import type { RequestContext } from './ports';
import { clearObjectLevels, findLink, putLink } from './store';
import type { LinkRow } from '../../db/schema';
import type { Caller } from '../caller';

/**
 * An admin links a member to a HubSpot user of the connected portal. The link's evidence is
 * decided here (evidence.ts): proven by the member's verified email, kept from an earlier code
 * proof of the same user, or `unverified` — stored, shown and audited as such.
 */
export async function linkMember(deps: IdentityDeps, caller: Caller<'role' | 'email'>, memberId: string, hubspotUserId: string, ctx: RequestContext): Promise<Result<MemberEntry>> {
  const portal = await adminPortal(deps, caller);
  if (!portal.ok) return portal;
  const { portalId } = portal.data;
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, memberId);
  if (!member) return fail('not_found', 'No such member in this workspace.');
  // Look in the stored directory first; a user added in HubSpot minutes ago needs a fresh sync.
  let dir = await directoryOf(deps, caller.workspaceId, portalId);
  if (!dir?.usersById.has(hubspotUserId)) dir = await directoryOf(deps, caller.workspaceId, portalId, true);
  const user = dir?.usersById.get(hubspotUserId);
  if (!user) return fail('not_found', `HubSpot user ${hubspotUserId} is not an active user of portal ${portalId}.`);

  const now = deps.now();
  const previous = await findLink(deps.db, caller.workspaceId, memberId);
  // Re-linking to the same user keeps the mirrored levels; a different user starts unset.
  const keepLevels = previous && previous.portal_id === portalId && previous.hubspot_user_id === user.userId;
  const userEmails = [user.email, ...(dir?.directory.owners ?? []).filter((o) => o.userId === user.userId).flatMap((o) => (o.email ? [o.email] : []))];
  const evidence = evidenceForNewLink(member, userEmails, previous, Boolean(keepLevels));
  const row: LinkRow = {
    member_id: memberId,
    workspace_id: caller.workspaceId,
    portal_id: portalId,
    hubspot_user_id: user.userId,
    ...linkSnapshot(user),
    view_level: keepLevels ? previous.view_level : null,
    edit_level: keepLevels ? previous.edit_level : null,
    view_unassigned: keepLevels ? previous.view_unassigned : 0,
    edit_unassigned: keepLevels ? previous.edit_unassigned : 0,
    linked_by: caller.memberId,
    linked_at: now,
    link_evidence: evidence,
    synced_at: dir ? dir.syncedAt : null,
    updated_at: now,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await putLink(trx, row);
      // A different HubSpot user starts with every object's levels unset, as with contacts'.
      if (!keepLevels) await clearObjectLevels(trx, caller.workspaceId, memberId);
      await writeAudit(trx, {
        workspaceId: caller.workspaceId,
        actorMemberId: caller.memberId,
        action: 'identity.link.set',
        targetType: 'member',
        targetId: memberId,
        result: 'ok',
        details: { portalId, hubspotUserId: user.userId, previousHubspotUserId: previous?.hubspot_user_id ?? null, evidence },
        correlationId: ctx.correlationId,
        at: now,
      });
      if (evidence === 'unverified') {
        await writeAudit(trx, {
          workspaceId: caller.workspaceId,
          actorMemberId: caller.memberId,
          action: 'identity.link_unverified',
          targetType: 'member',
          targetId: memberId,
          result: 'ok',
          details: { portalId, hubspotUserId: user.userId, memberId },
          correlationId: ctx.correlationId,
          at: now,
        });
      }
    });
    deps.cache.invalidateLinks(caller.workspaceId, memberId);
  } catch (err) {
    if (isUniqueViolation(err)) return fail('conflict', `HubSpot user ${user.email} is already linked to another member. Unlink them first.`);
    throw err;
  }
  return ok(await memberEntry(deps, caller, portalId, member));
}
