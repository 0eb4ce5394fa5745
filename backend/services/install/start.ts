import { buildAuthorizeUrl } from '../../hubspot/authorize-url';
import { hashToken, isTokenShaped, newToken } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { baseDiagnostics } from './diagnostics';
import { adminSessionLive, claimTicket, finishTicket, insertState } from './ticket-store';
import type { Diagnostics, InstallOutcomeCode } from '../../../lib/api/install';

/**
 * `GET /install/start?ticket=…`: turns a one-time ticket (minted by an admin's session) into an
 * OAuth state and HubSpot's authorize URL. The state is 256 random bits, stored only as its hash,
 * single use, valid as long as the ticket was (~10 minutes), and bound to:
 * - the admin's session, member and workspace (checked again at the callback), and
 * - this browser, through a random nonce set as an HttpOnly cookie scoped to /install: a
 *   callback URL carried to another browser (or planted in a victim's) cannot complete.
 */

export type StartResult =
  | { ok: true; authorizeUrl: string; browserNonce: string; ticketId: string }
  | { ok: false; outcome: InstallOutcomeCode; diagnostics: Diagnostics };

export async function startInstall(deps: InstallDeps, ticketToken: string | undefined): Promise<StartResult> {
  const now = deps.now();
  const failed = (outcome: InstallOutcomeCode, ticketId: string | null = null): StartResult => ({ ok: false, outcome, diagnostics: baseDiagnostics(deps.app, { outcome, ticketId }) });
  if (!ticketToken || !isTokenShaped(ticketToken)) return failed('ticket_invalid');
  const ticket = await claimTicket(deps.db, hashToken(ticketToken), now);
  if (!ticket) return failed('ticket_invalid');
  const binding = { sessionId: ticket.session_id, memberId: ticket.member_id, workspaceId: ticket.workspace_id };
  if (!(await adminSessionLive(deps.db, binding, now))) {
    const result = failed('session_ended', ticket.id);
    await finishTicket(deps.db, ticket.id, 'failed', { outcome: 'session_ended', diagnostics: result.ok ? null : result.diagnostics }, now);
    return result;
  }
  const state = newToken();
  const browserNonce = newToken();
  await insertState(deps.db, {
    state_hash: hashToken(state),
    ticket_id: ticket.id,
    workspace_id: ticket.workspace_id,
    member_id: ticket.member_id,
    session_id: ticket.session_id,
    browser_hash: hashToken(browserNonce),
    scopes: deps.app.scopes.join(' '),
    optional_scopes: deps.app.optionalScopes.join(' '),
    created_at: now,
    expires_at: now + deps.ticketTtlMs,
    used_at: null,
  });
  deps.logger.info({ ticketId: ticket.id, workspaceId: ticket.workspace_id }, 'install.started');
  return { ok: true, authorizeUrl: buildAuthorizeUrl(deps.app, state, { portalId: ticket.pin_portal_id }), browserNonce, ticketId: ticket.id };
}
