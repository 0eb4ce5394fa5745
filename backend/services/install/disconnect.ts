import type { DisconnectRequest, DisconnectResponse } from '../../../lib/contract/api/install';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { uninstallApp } from '../../hubspot/uninstall';
import type { InstallDeps } from './deps';
import type { TokenManager } from './refresh';
import { openToken } from './sealing';
import { deleteInstall, findInstallByWorkspace } from './store';
import type { InstallRow } from '../../db/schema';

/**
 * Disconnect uninstalls the app from the portal (`DELETE /appinstalls/v3/external-install`),
 * then deletes the install and its sealed tokens locally, audited. A refresh token revoke alone
 * would leave the app installed and its access tokens valid for up to 30 minutes; the uninstall
 * ends every token at once, so nothing is revoked or called after it, and with the row gone no
 * caller can obtain the token again. If HubSpot cannot be reached the install stays, unless the
 * admin forces it (the answer then says to uninstall the app in HubSpot). An install HubSpot
 * already refused (no live token left) or whose tokens cannot be unsealed is deleted as it is.
 */

type TokenSource = Pick<TokenManager, 'accessToken'>;

/** A token to uninstall with: a fresh one, or for an install whose refresh HubSpot refused, its last access token while unexpired. */
async function uninstallToken(deps: InstallDeps, tokens: TokenSource, row: InstallRow): Promise<Result<string>> {
  if (row.status === 'connected') {
    const t = await tokens.accessToken(row.workspace_id);
    return t.ok ? ok(t.data.accessToken) : t;
  }
  if (row.access_expires_at > deps.now()) return openToken(deps.keyring, row, 'access');
  return fail('needs_reconnect', 'HubSpot already refused this connection.');
}

export async function disconnect(deps: InstallDeps, tokens: TokenSource, caller: { workspaceId: string; memberId: string; role: 'admin' | 'member' }, req: DisconnectRequest): Promise<Result<DisconnectResponse>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can disconnect HubSpot.');
  const row = await findInstallByWorkspace(deps.db, caller.workspaceId);
  if (!row) return fail('portal_not_connected', 'HubSpot is not connected to this workspace.');
  const token = await uninstallToken(deps, tokens, row);
  let uninstalled = false;
  let correlationId: string | null = null;
  let kind: string | null = token.ok ? null : token.error.code;
  if (token.ok) {
    const r = await uninstallApp(deps.app, token.data, deps.fetch ? { fetch: deps.fetch } : {});
    if (r.ok) uninstalled = true;
    else {
      correlationId = r.error.details.correlationId;
      kind = r.error.details.kind;
    }
  }
  // A failed uninstall, or a token refresh worth retrying, blocks; a dead or unreadable token cannot improve by waiting.
  const retryable = !token.ok && (token.error.details as { retryable?: boolean } | undefined)?.retryable === true;
  const blocked = !uninstalled && (token.ok || retryable);
  if (blocked && !req.force) {
    return fail('hubspot_unavailable', 'HubSpot could not be reached to uninstall Portside, so nothing was changed. Try again, or disconnect anyway (then also uninstall the app in HubSpot).', { correlationId, kind });
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await deleteInstall(trx, caller.workspaceId);
    await writeAudit(trx, {
      workspaceId: caller.workspaceId,
      actorMemberId: caller.memberId,
      action: 'install.disconnected',
      targetType: 'install',
      targetId: row.id,
      result: 'ok',
      details: { portalId: row.portal_id, uninstalledAtHubSpot: uninstalled, forced: req.force, tokenProblem: kind },
      correlationId,
      at: now,
    });
  });
  deps.cache.forget(caller.workspaceId);
  deps.logger.info({ workspaceId: caller.workspaceId, portalId: row.portal_id, uninstalled }, 'install.disconnected');
  return ok({ disconnected: true, revokedAtHubSpot: uninstalled });
}
