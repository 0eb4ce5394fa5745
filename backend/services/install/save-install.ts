import { writeAudit } from '../../audit/write';
import type { TokenSet } from '../../hubspot/oauth';
import { revokeRefreshToken } from '../../hubspot/oauth';
import { newId } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { openToken, sealTokens } from './sealing';
import { deleteInstall, findInstallByPortal, findInstallByWorkspace, insertInstall } from './store';
import type { Db, InstallRow } from '../../db/schema';

/** What the callback learned about a new connection (all non-secret except `tokens`). */
export interface InstallFacts {
  portalId: string;
  hubDomain: string | null;
  installerUserId: string | null;
  installerEmail: string | null;
  grantedScopes: string[];
  missingOptionalScopes: string[];
  tokens: Pick<TokenSet, 'accessToken' | 'refreshToken' | 'accessExpiresAt'>;
}

export type SaveOutcome = { ok: true; installId: string; kind: 'connected' | 'reconnected' | 'portal_changed' } | { ok: false; reason: 'portal_in_use' };

/**
 * Stores (or replaces) the workspace's install in one transaction with its audit row. The row
 * gets a new id each time, so the new tokens are sealed under a new AAD and an old ciphertext
 * can never be swapped back in. The replaced refresh token is revoked at HubSpot afterwards
 * (best effort), unless HubSpot handed back the same token.
 */
export async function saveInstall(deps: InstallDeps, input: { workspaceId: string; memberId: string; facts: InstallFacts; correlationId?: string | null }): Promise<SaveOutcome> {
  const { facts } = input;
  const now = deps.now();
  let previous: InstallRow | undefined;
  let result: SaveOutcome;
  try {
    result = await deps.db.transaction().execute(async (trx): Promise<SaveOutcome> => {
      const other = await findInstallByPortal(trx, facts.portalId);
      if (other && other.workspace_id !== input.workspaceId) return { ok: false, reason: 'portal_in_use' };
      previous = await findInstallByWorkspace(trx, input.workspaceId);
      const id = newId();
      const kind = !previous ? 'connected' : previous.portal_id === facts.portalId ? 'reconnected' : 'portal_changed';
      if (previous) await deleteInstall(trx, input.workspaceId);
      await insertInstall(trx, {
        id,
        workspace_id: input.workspaceId,
        portal_id: facts.portalId,
        hub_domain: facts.hubDomain,
        installer_user_id: facts.installerUserId,
        installer_email: facts.installerEmail,
        installed_by_member_id: input.memberId,
        granted_scopes: facts.grantedScopes.join(' '),
        missing_optional_scopes: facts.missingOptionalScopes.join(' '),
        ...sealTokens(deps.keyring, id, facts.tokens),
        status: 'connected',
        installed_at: now,
        last_refresh_at: null,
        last_success_at: now,
        last_error_at: null,
        last_error_code: null,
        last_error_message: null,
        last_error_correlation_id: null,
        updated_at: now,
      });
      await auditInstall(trx, input, kind, id, previous, now);
      return { ok: true, installId: id, kind };
    });
  } catch (err) {
    // Two workspaces finishing an install of the same portal at once: the unique index decides.
    if (await findInstallByPortal(deps.db, facts.portalId).then((r) => r && r.workspace_id !== input.workspaceId)) return { ok: false, reason: 'portal_in_use' };
    throw err;
  }
  deps.cache.forget(input.workspaceId);
  if (result.ok && previous) await revokeReplaced(deps, previous, facts.tokens.refreshToken);
  return result;
}

async function auditInstall(trx: Db, input: { workspaceId: string; memberId: string; facts: InstallFacts; correlationId?: string | null }, kind: string, id: string, previous: InstallRow | undefined, now: number) {
  const { facts } = input;
  await writeAudit(trx, {
    workspaceId: input.workspaceId,
    actorMemberId: input.memberId,
    actorHubspotUserId: facts.installerUserId,
    action: `install.${kind}`,
    targetType: 'install',
    targetId: id,
    result: 'ok',
    details: {
      portalId: facts.portalId,
      hubDomain: facts.hubDomain,
      installerEmail: facts.installerEmail,
      grantedScopes: facts.grantedScopes,
      missingOptionalScopes: facts.missingOptionalScopes,
      ...(previous ? { previousPortalId: previous.portal_id, previousInstallId: previous.id } : {}),
    },
    correlationId: input.correlationId ?? null,
    at: now,
  });
}

async function revokeReplaced(deps: InstallDeps, previous: InstallRow, newRefreshToken: string): Promise<void> {
  const old = openToken(deps.keyring, previous, 'refresh');
  if (!old.ok || old.data === newRefreshToken) return;
  const r = await revokeRefreshToken(deps.app, old.data, deps.fetch ? { fetch: deps.fetch } : {});
  if (!r.ok) deps.logger.warn({ workspaceId: previous.workspace_id, portalId: previous.portal_id, kind: r.error.details.kind, correlationId: r.error.details.correlationId }, 'install.revoke_replaced_failed');
}
