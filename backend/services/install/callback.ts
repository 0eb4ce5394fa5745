import type { Diagnostics, InstallOutcomeCode } from '../../../lib/api/install';
import { writeAudit, type DbOrTrx } from '../../audit/write';
import { exchangeCode, getAccessTokenInfo, revokeRefreshToken } from '../../hubspot/oauth';
import { compareScopes } from '../../hubspot/scopes';
import { hashToken, isTokenShaped } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { baseDiagnostics, failedCall, missingOptional } from './diagnostics';
import { SUCCESS_OUTCOMES } from './messages';
import { saveInstall, type InstallFacts } from './save-install';
import { findInstallByPortal, findInstallByWorkspace } from './store';
import { pendingAad, type StateRow, type TicketRow } from './tables';
import { adminSessionLive, consumeState, findState, findTicket, finishTicket } from './ticket-store';

/**
 * `GET /install/callback`: HubSpot's redirect back. Order matters:
 * 1. the state must exist, be unused, unexpired, and come back to the browser that started it
 *    (cookie nonce) — checked before it is consumed, so a forged callback cannot burn it;
 * 2. it is consumed atomically (single use), and the admin session bound to it must still stand;
 * 3. only then is HubSpot's `error` read or the code exchanged (once), and the token info read.
 * Failures before step 2 never change the ticket (they are not the admin's answer); the others
 * finish the ticket, which the options page polls, and are audited.
 */

export interface CallbackInput {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  browserNonce?: string | undefined;
}

export interface CallbackResult {
  outcome: InstallOutcomeCode;
  diagnostics: Diagnostics;
  ticketId: string | null;
}

const WRONG_ROLE = /correct role|do not have permission|not allowed to install/i;

/** HubSpot's redirect errors → outcomes (texts from HubSpot's consent screen rules). */
function redirectOutcome(error: string, description: string | undefined): InstallOutcomeCode {
  if (error === 'access_denied') return WRONG_ROLE.test(description ?? '') ? 'role_or_tier' : 'denied';
  if (error === 'invalid_scope') return /insufficient/i.test(description ?? '') ? 'scopes_insufficient' : 'scope_mismatch';
  return 'hubspot_refused';
}

export async function handleCallback(deps: InstallDeps, q: CallbackInput): Promise<CallbackResult> {
  const now = deps.now();
  const bare = (outcome: InstallOutcomeCode): CallbackResult => ({ outcome, diagnostics: baseDiagnostics(deps.app, { outcome }), ticketId: null });
  if (!q.state) return bare('state_missing');
  if (!isTokenShaped(q.state)) return bare('state_unknown');
  const stateHash = hashToken(q.state);
  const st = await findState(deps.db, stateHash);
  const ticket = st && (await findTicket(deps.db, st.ticket_id));
  if (!st || !ticket) return bare('state_unknown');
  const d = baseDiagnostics(deps.app, {
    outcome: 'state_unknown',
    ticketId: ticket.id,
    startedAt: ticket.started_at,
    scopes: st.scopes.split(' ').filter(Boolean),
    optionalScopes: st.optional_scopes.split(' ').filter(Boolean),
    pinnedPortalId: ticket.pin_portal_id,
  });
  const page = (outcome: InstallOutcomeCode): CallbackResult => ({ outcome, diagnostics: { ...d, outcome }, ticketId: ticket.id });

  if (st.used_at !== null) return page('state_used');
  if (!q.browserNonce || hashToken(q.browserNonce) !== st.browser_hash) {
    deps.logger.warn({ ticketId: ticket.id, workspaceId: st.workspace_id }, 'install.callback_browser_mismatch');
    return page('state_mismatch');
  }
  if (st.expires_at <= now) return finish(deps, st, ticket, { ...d, outcome: 'state_expired' });
  if (!(await consumeState(deps.db, stateHash, now))) return page('state_used');
  const binding = { sessionId: st.session_id, memberId: st.member_id, workspaceId: st.workspace_id };
  if (!(await adminSessionLive(deps.db, binding, now))) return finish(deps, st, ticket, { ...d, outcome: 'session_ended' });

  if (q.error) {
    d.hubspotRedirectError = { error: q.error.slice(0, 100), description: q.error_description?.slice(0, 500) ?? null };
    return finish(deps, st, ticket, { ...d, outcome: redirectOutcome(q.error, q.error_description) });
  }
  if (!q.code) return finish(deps, st, ticket, { ...d, outcome: 'code_missing' });

  const oauthDeps = { now: deps.now, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const tokens = await exchangeCode(deps.app, q.code, oauthDeps);
  if (!tokens.ok) {
    d.failedCall = failedCall('token exchange', tokens);
    return finish(deps, st, ticket, { ...d, outcome: tokens.error.details.kind === 'unavailable' ? 'hubspot_unavailable' : 'exchange_failed' });
  }
  const discard = () => revokeRefreshToken(deps.app, tokens.data.refreshToken, oauthDeps);
  const info = await getAccessTokenInfo(deps.app, tokens.data.accessToken, oauthDeps);
  if (!info.ok) {
    await discard();
    d.failedCall = failedCall('token information', info);
    return finish(deps, st, ticket, { ...d, outcome: info.error.details.kind === 'unavailable' ? 'hubspot_unavailable' : 'token_info_failed' });
  }
  const i = info.data;
  const scopes = compareScopes(i.scopes, st.scopes.split(' ').filter(Boolean), st.optional_scopes.split(' ').filter(Boolean));
  Object.assign(d, {
    hubId: String(i.hubId),
    hubDomain: i.hubDomain,
    installingUser: { email: i.userEmail, id: i.userId === null ? null : String(i.userId) },
    grantedScopes: i.scopes,
    missingRequiredScopes: scopes.missingRequired,
    missingOptionalScopes: missingOptional(scopes.missingOptional),
  } satisfies Partial<Diagnostics>);
  // The token must be for our app: a mix-up here would store another app's access.
  if (deps.app.appId !== null && i.appId !== null && i.appId !== deps.app.appId) return finish(deps, st, ticket, { ...d, outcome: 'wrong_app' });
  if (scopes.missingRequired.length > 0) {
    await discard();
    return finish(deps, st, ticket, { ...d, outcome: 'missing_required_scopes' });
  }
  const facts: InstallFacts = {
    portalId: String(i.hubId),
    hubDomain: i.hubDomain,
    installerUserId: i.userId === null ? null : String(i.userId),
    installerEmail: i.userEmail,
    grantedScopes: i.scopes,
    missingOptionalScopes: scopes.missingOptional,
    tokens: tokens.data,
  };
  const current = await findInstallByWorkspace(deps.db, st.workspace_id);
  const elsewhere = await findInstallByPortal(deps.db, facts.portalId);
  // Not revoked: the portal's other workspace may hold the very same refresh token.
  if (elsewhere && elsewhere.workspace_id !== st.workspace_id) return finish(deps, st, ticket, { ...d, outcome: 'portal_in_use' });
  if (current && current.portal_id !== facts.portalId) {
    const pending = deps.keyring.seal(JSON.stringify(facts), pendingAad(ticket.id));
    const confirmation = { currentPortalId: current.portal_id, newPortalId: facts.portalId, newHubDomain: facts.hubDomain };
    return finish(deps, st, ticket, { ...d, outcome: 'confirm_required' }, { confirmation, pending: { sealed: pending.sealed, keyId: pending.keyId } });
  }
  const saved = await saveInstall(deps, { workspaceId: st.workspace_id, memberId: st.member_id, facts });
  if (!saved.ok) return finish(deps, st, ticket, { ...d, outcome: 'portal_in_use' });
  return finish(deps, st, ticket, { ...d, outcome: saved.kind });
}

/** Records the outcome on the ticket (which the options page polls) and audits failures. */
async function finish(
  deps: InstallDeps,
  st: StateRow,
  ticket: TicketRow,
  diagnostics: Diagnostics,
  extra: { confirmation?: object; pending?: { sealed: string; keyId: string } } = {},
): Promise<CallbackResult> {
  const now = deps.now();
  const outcome = diagnostics.outcome;
  const done = { ...diagnostics, completedAt: new Date(now).toISOString() };
  const status = SUCCESS_OUTCOMES.has(outcome) ? 'succeeded' : outcome === 'confirm_required' ? 'confirm_required' : 'failed';
  await finishTicket(deps.db, ticket.id, status, { outcome, diagnostics: done, confirmation: extra.confirmation ?? null }, now, extra.pending ?? null);
  if (status === 'failed') {
    await writeAudit(deps.db as unknown as DbOrTrx, {
      workspaceId: st.workspace_id,
      actorMemberId: st.member_id,
      actorHubspotUserId: done.installingUser?.id ?? null,
      action: 'install.failed',
      targetType: 'install',
      targetId: null,
      result: outcome === 'denied' || outcome === 'role_or_tier' ? 'denied' : 'failed',
      details: { outcome, ticketId: ticket.id, hubId: done.hubId, hubspotError: done.hubspotRedirectError?.error ?? null },
      correlationId: done.failedCall?.correlationId ?? null,
      at: now,
    });
  }
  deps.logger.info({ ticketId: ticket.id, workspaceId: st.workspace_id, outcome, hubId: done.hubId }, 'install.callback');
  return { outcome, diagnostics: done, ticketId: ticket.id };
}
