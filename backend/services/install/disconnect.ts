import type { DisconnectRequest, DisconnectResponse } from '../../../lib/api/install';
import { fail, ok, type Result } from '../../../lib/errors';
import { writeAudit, type DbOrTrx } from '../../audit/write';
import { revokeRefreshToken } from '../../hubspot/oauth';
import type { InstallDeps } from './deps';
import { openToken } from './sealing';
import { deleteInstall, findInstallByWorkspace } from './store';

/**
 * Disconnect: revoke the refresh token at HubSpot (which also kills its access tokens), then
 * delete the install and its sealed tokens locally, audited. If HubSpot cannot be reached the
 * install stays, unless the admin forces it (the token then stays valid at HubSpot until the
 * app is uninstalled there, which the answer says). An already revoked or unreadable token
 * counts as gone.
 */
export async function disconnect(deps: InstallDeps, caller: { workspaceId: string; memberId: string; role: 'admin' | 'member' }, req: DisconnectRequest): Promise<Result<DisconnectResponse>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can disconnect HubSpot.');
  const row = await findInstallByWorkspace(deps.db, caller.workspaceId);
  if (!row) return fail('portal_not_connected', 'HubSpot is not connected to this workspace.');
  const token = openToken(deps.keyring, row, 'refresh');
  let revoked = false;
  let correlationId: string | null = null;
  if (token.ok) {
    const r = await revokeRefreshToken(deps.app, token.data, deps.fetch ? { fetch: deps.fetch } : {});
    if (r.ok) revoked = true;
    else {
      correlationId = r.error.details.correlationId;
      if (!req.force) {
        return fail('hubspot_unavailable', 'HubSpot could not be reached to revoke Portside’s access, so nothing was changed. Try again, or disconnect anyway (then also uninstall the app in HubSpot).', { correlationId, kind: r.error.details.kind });
      }
    }
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await deleteInstall(trx, caller.workspaceId);
    await writeAudit(trx as unknown as DbOrTrx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'install.disconnected',
      targetType: 'install',
      targetId: row.id,
      result: 'ok',
      details: { portalId: row.portal_id, revokedAtHubSpot: revoked, forced: req.force, tokenReadable: token.ok },
      correlationId,
      at: now,
    });
  });
  deps.cache.forget(caller.workspaceId);
  deps.logger.info({ workspaceId: caller.workspaceId, portalId: row.portal_id, revoked }, 'install.disconnected');
  return ok({ disconnected: true, revokedAtHubSpot: revoked });
}
