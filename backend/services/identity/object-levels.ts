import type { LevelObjectType, MemberEntry, ObjectLevels } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { findMemberInWorkspace } from '../accounts/members-store';
import type { Caller } from '../caller';
import type { IdentityDeps } from './deps';
import { adminPortal, memberEntry } from './links';
import type { RequestContext } from './ports';
import { findLink, listObjectLevels, setObjectLevels } from './store';
import { objectLevelsByType } from './views';

/**
 * An admin mirrors a member's HubSpot levels on companies, deals or tickets (contacts' stay on
 * the link: links.ts setMemberLevels), or says "no access" to the object, or clears them (null:
 * not set). Used only when HubSpot's record permission API is unavailable. Audited, and this
 * instance's memo of the member's link and levels is dropped at once, as for contacts' levels.
 */
export async function setMemberObjectLevels(
  deps: IdentityDeps,
  caller: Caller<'role' | 'email'>,
  memberId: string,
  objectType: LevelObjectType,
  levels: ObjectLevels | null,
  ctx: RequestContext,
): Promise<Result<MemberEntry>> {
  const portal = await adminPortal(deps, caller);
  if (!portal.ok) return portal;
  const member = await findMemberInWorkspace(deps.db, caller.workspaceId, memberId);
  if (!member) return fail('not_found', 'No such member in this workspace.');
  const link = await findLink(deps.db, caller.workspaceId, memberId);
  if (!link || link.portal_id !== portal.data.portalId) return fail('not_linked', 'Link this member to a HubSpot user before setting their permission levels.');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const previous = objectLevelsByType(await listObjectLevels(trx, caller.workspaceId, [memberId]))[objectType];
    await setObjectLevels(trx, caller.workspaceId, memberId, objectType, levels, caller.memberId, now);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'identity.levels.set',
      targetType: 'member',
      targetId: memberId,
      result: 'ok',
      details: { portalId: portal.data.portalId, objectType, levels, previous },
      correlationId: ctx.correlationId,
      at: now,
    });
  });
  deps.cache.invalidateLinks(caller.workspaceId, memberId);
  return ok(await memberEntry(deps, caller, portal.data.portalId, member));
}
