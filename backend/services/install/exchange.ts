import type { CompleteRequest, Diagnostics, InstallerCheck } from '../../../lib/contract/api/install';
import { writeAudit } from '../../audit/write';
import { exchangeCode, revokeRefreshToken } from '../../hubspot/oauth';
import { introspectToken } from '../../hubspot/oauth-introspect';
import { compareScopes } from '../../hubspot/scopes';
import type { InstallDeps } from './deps';
import { failedCall, missingOptional } from './diagnostics';
import { checkInstaller } from './installer-check';
import { SUCCESS_OUTCOMES } from './messages';
import { saveInstall, type InstallFacts } from './save-install';
import { findInstallByPortal, findInstallByWorkspace } from './store';
import { finishTicket } from './ticket-store';
import type { StateRow, TicketRow } from '../../db/schema';
import { pendingAad } from '../../vault/aad';

/**
 * HubSpot's answer for a consumed state (complete.ts has checked who hands it in and consumed the
 * state): records an `error` on the redirect, or exchanges the code (once) and reads the token info, then
 * saves the install, parks it for the admin's confirmation, or explains why not. Every path ends
 * in `finish`, which records the outcome on the ticket the options page polls.
 */

export async function exchangeAndSave(deps: InstallDeps, st: StateRow, ticket: TicketRow, d: Diagnostics, q: CompleteRequest): Promise<void> {
  if (q.error) {
    d.hubspotRedirectError = { error: q.error.slice(0, 100), description: q.error_description?.slice(0, 500) ?? null };
    // HubSpot documents no error redirect (refusals stay on its page); RFC 6749 allows one, so whatever comes is shown as sent.
    return finish(deps, st, ticket, { ...d, outcome: 'hubspot_refused' });
  }
  if (!q.code) return finish(deps, st, ticket, { ...d, outcome: 'code_missing' });

  const oauthDeps = { now: deps.now, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const tokens = await exchangeCode(deps.app, q.code, oauthDeps);
  if (!tokens.ok) {
    d.failedCall = failedCall('token exchange', tokens);
    return finish(deps, st, ticket, { ...d, outcome: tokens.error.details.kind === 'unavailable' ? 'hubspot_unavailable' : 'exchange_failed' });
  }
  const discard = () => revokeRefreshToken(deps.app, tokens.data.refreshToken, oauthDeps);
  const info = await introspectToken(deps.app, tokens.data.accessToken, oauthDeps);
  if (!info.ok) {
    await discard();
    d.failedCall = failedCall('token introspection', info);
    return finish(deps, st, ticket, { ...d, outcome: info.error.details.kind === 'unavailable' ? 'hubspot_unavailable' : 'token_info_failed' });
  }
  // A token HubSpot just issued but calls inactive (or not an access token) cannot be trusted.
  if (!info.data.active || info.data.tokenUse !== 'access_token') {
    await discard();
    return finish(deps, st, ticket, { ...d, outcome: 'token_info_failed' });
  }
  const i = info.data;
  const scopes = compareScopes(i.scopes, st.scopes.split(' ').filter(Boolean), st.optional_scopes.split(' ').filter(Boolean));
  const userId = i.userId === null ? null : String(i.userId);
  Object.assign(d, {
    hubId: String(i.hubId),
    hubDomain: i.hubDomain,
    installingUser: { email: i.userEmail, id: userId },
    grantedScopes: i.scopes,
    missingRequiredScopes: scopes.missingRequired,
    missingOptionalScopes: missingOptional(scopes.missingOptional),
  } satisfies Partial<Diagnostics>);
  // The token must be for our app: a mix-up here would store another app's access.
  if (deps.app.appId !== null && i.appId !== null && i.appId !== deps.app.appId) return finish(deps, st, ticket, { ...d, outcome: 'wrong_app' });
  if (i.clientId !== null && i.clientId !== deps.app.clientId) return finish(deps, st, ticket, { ...d, outcome: 'wrong_app' });
  if (scopes.missingRequired.length > 0) {
    await discard();
    return finish(deps, st, ticket, { ...d, outcome: 'missing_required_scopes' });
  }
  const facts: InstallFacts = {
    portalId: String(i.hubId),
    hubDomain: i.hubDomain,
    installerUserId: userId,
    installerEmail: i.userEmail,
    grantedScopes: i.scopes,
    missingOptionalScopes: scopes.missingOptional,
    tokens: tokens.data,
  };
  const installer = await checkInstaller(deps, { workspaceId: st.workspace_id, memberId: st.member_id, ticketId: ticket.id, portalId: facts.portalId, hubspotEmail: i.userEmail, hubspotUserId: userId });
  const current = await findInstallByWorkspace(deps.db, st.workspace_id);
  const elsewhere = await findInstallByPortal(deps.db, facts.portalId);
  // Not revoked: the portal's other workspace may hold the very same refresh token.
  if (elsewhere && elsewhere.workspace_id !== st.workspace_id) return finish(deps, st, ticket, { ...d, outcome: 'portal_in_use' }, { installer });
  if (current && current.portal_id !== facts.portalId) {
    const pending = deps.keyring.seal(JSON.stringify(facts), pendingAad(ticket.id));
    const confirmation = { currentPortalId: current.portal_id, newPortalId: facts.portalId, newHubDomain: facts.hubDomain };
    return finish(deps, st, ticket, { ...d, outcome: 'confirm_required' }, { confirmation, installer, pending: { sealed: pending.sealed, keyId: pending.keyId } });
  }
  const saved = await saveInstall(deps, { workspaceId: st.workspace_id, memberId: st.member_id, facts });
  return finish(deps, st, ticket, { ...d, outcome: saved.ok ? saved.kind : 'portal_in_use' }, { installer });
}

/** Records the outcome on the ticket (which the options page polls) and audits failures. */
export async function finish(
  deps: InstallDeps,
  st: StateRow,
  ticket: TicketRow,
  diagnostics: Diagnostics,
  extra: { confirmation?: object; installer?: InstallerCheck | null; pending?: { sealed: string; keyId: string } } = {},
): Promise<void> {
  const now = deps.now();
  const outcome = diagnostics.outcome;
  const done = { ...diagnostics, completedAt: new Date(now).toISOString() };
  const status = SUCCESS_OUTCOMES.has(outcome) ? 'succeeded' : outcome === 'confirm_required' ? 'confirm_required' : 'failed';
  const result = { outcome, diagnostics: done, confirmation: extra.confirmation ?? null, installer: extra.installer ?? null };
  await finishTicket(deps.db, ticket.id, status, result, now, extra.pending ?? null);
  if (status === 'failed') {
    await writeAudit(deps.db, {
      workspaceId: st.workspace_id,
      actorMemberId: st.member_id,
      actorHubspotUserId: done.installingUser?.id ?? null,
      action: 'install.failed',
      targetType: 'install',
      targetId: null,
      result: 'failed',
      details: { outcome, ticketId: ticket.id, hubId: done.hubId, hubspotError: done.hubspotRedirectError?.error ?? null },
      correlationId: done.failedCall?.correlationId ?? null,
      at: now,
    });
  }
  deps.logger.info({ ticketId: ticket.id, workspaceId: st.workspace_id, outcome, hubId: done.hubId }, 'install.completed');
}
