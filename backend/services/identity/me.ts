import type { MeAnswer, SyncAnswer } from '../../../lib/contract/api/identity';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { IdentityDeps } from './deps';
import { installedFor } from './links';
import { findLink } from './store';
import { syncPortal } from './sync';
import { levelsOf, linkedUserOf } from './views';
import type { Caller } from '../caller';

/** "Who am I in HubSpot": any member may ask about themselves, and only themselves. */
export async function whoAmI(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<MeAnswer>> {
  const base = { memberId: caller.memberId };
  const install = await deps.installs.installedPortal(caller.workspaceId);
  if (!install) return ok({ ...base, portalId: null, status: 'portal_not_connected', hubspotUser: null, levels: null });
  const [link, state] = await Promise.all([findLink(deps.db, caller.workspaceId, caller.memberId), deps.cache.get(caller.workspaceId, install.portalId)]);
  if (!link || link.portal_id !== install.portalId) {
    return ok({ ...base, portalId: install.portalId, status: 'not_linked', hubspotUser: null, levels: null });
  }
  return ok({
    ...base,
    portalId: install.portalId,
    status: link.deactivated_at === null ? 'linked' : 'inactive',
    hubspotUser: linkedUserOf(link, state.directory),
    levels: levelsOf(link),
  });
}

/** The admin's "sync now": re-reads users and owners so a removed user loses access at once. */
export async function syncNow(deps: IdentityDeps, caller: Caller<'role' | 'email'>): Promise<Result<SyncAnswer>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can sync HubSpot users.');
  const install = await installedFor(deps, caller);
  if (!install.ok) return install;
  return syncPortal(deps, caller.workspaceId, install.data.portalId, caller.memberId);
}
