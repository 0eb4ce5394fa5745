import type { LevelObjectType, MemberEntry, ObjectLevels } from '../../../lib/contract/api/identity';
import type { Result } from '../../../lib/contract/errors';
import type { Caller } from '../caller';
import type { IdentityDeps } from './deps';
import { setLinkedMemberLevels } from './links';
import type { RequestContext } from './ports';
import { listObjectLevels, setObjectLevels } from './store';
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
  return setLinkedMemberLevels(deps, caller, memberId, ctx, async (trx, _link, now) => {
    const previous = objectLevelsByType(await listObjectLevels(trx, caller.workspaceId, [memberId]))[objectType];
    await setObjectLevels(trx, caller.workspaceId, memberId, objectType, levels, caller.memberId, now);
    return { objectType, levels, previous };
  });
}
