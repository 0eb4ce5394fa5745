import { buildAuthorizeUrl } from '../../hubspot/authorize-url';
import { hashToken, isTokenShaped, newToken } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { baseDiagnostics } from './diagnostics';
import { adminSessionLive, claimTicket, findTicketByToken, finishTicket, insertState, ticketCreator } from './ticket-store';
import type { Diagnostics, InstallOutcomeCode } from '../../../lib/contract/api/install';

/**
 * The start link, in two steps so that only a person's click spends it:
 * - `viewStart` (GET, also HEAD and link-scanner prefetches) only reads the ticket and says whose
 *   workspace the portal would join; it changes nothing.
 * - `startInstall` (the page's form POST) claims the ticket and turns it into an OAuth state and
 *   HubSpot's authorize URL. The state is 256 random bits, stored only as its hash, single use,
 *   valid as long as the ticket was (~10 minutes), and bound to the admin who made the ticket:
 *   only that admin's signed-in extension can hand HubSpot's answer back (complete.ts), so a
 *   start link opened anywhere else connects nothing.
 */

export type StartFailure = { ok: false; outcome: InstallOutcomeCode; diagnostics: Diagnostics };
export type StartView = { ok: true; workspaceName: string; admin: { name: string | null; email: string }; expiresAt: number } | StartFailure;
export type StartResult = { ok: true; authorizeUrl: string; ticketId: string } | StartFailure;

export async function viewStart(deps: InstallDeps, ticketToken: string | undefined): Promise<StartView> {
  const now = deps.now();
  const failed = (outcome: InstallOutcomeCode, ticketId: string | null = null): StartFailure => ({ ok: false, outcome, diagnostics: baseDiagnostics(deps.app, { outcome, ticketId }) });
  if (!ticketToken || !isTokenShaped(ticketToken)) return failed('ticket_invalid');
  const ticket = await findTicketByToken(deps.db, hashToken(ticketToken));
  if (!ticket || ticket.status !== 'pending' || ticket.expires_at <= now) return failed('ticket_invalid');
  const binding = { sessionId: ticket.session_id, memberId: ticket.member_id, workspaceId: ticket.workspace_id };
  if (!(await adminSessionLive(deps.db, binding, now))) return failed('session_ended', ticket.id);
  const creator = await ticketCreator(deps.db, ticket);
  if (!creator) return failed('ticket_invalid');
  return { ok: true, workspaceName: creator.workspaceName, admin: { name: creator.adminName, email: creator.adminEmail }, expiresAt: ticket.expires_at };
}

export async function startInstall(deps: InstallDeps, ticketToken: string | undefined): Promise<StartResult> {
  const now = deps.now();
  const failed = (outcome: InstallOutcomeCode, ticketId: string | null = null): StartFailure => ({ ok: false, outcome, diagnostics: baseDiagnostics(deps.app, { outcome, ticketId }) });
  if (!ticketToken || !isTokenShaped(ticketToken)) return failed('ticket_invalid');
  const ticket = await claimTicket(deps.db, hashToken(ticketToken), now);
  if (!ticket) return failed('ticket_invalid');
  const binding = { sessionId: ticket.session_id, memberId: ticket.member_id, workspaceId: ticket.workspace_id };
  if (!(await adminSessionLive(deps.db, binding, now))) {
    const result = failed('session_ended', ticket.id);
    await finishTicket(deps.db, ticket.id, 'failed', { outcome: 'session_ended', diagnostics: result.diagnostics }, now);
    return result;
  }
  const state = newToken();
  await insertState(deps.db, {
    state_hash: hashToken(state),
    ticket_id: ticket.id,
    workspace_id: ticket.workspace_id,
    member_id: ticket.member_id,
    session_id: ticket.session_id,
    scopes: deps.app.scopes.join(' '),
    optional_scopes: deps.app.optionalScopes.join(' '),
    created_at: now,
    expires_at: now + deps.ticketTtlMs,
    used_at: null,
  });
  deps.logger.info({ ticketId: ticket.id, workspaceId: ticket.workspace_id }, 'install.started');
  return { ok: true, authorizeUrl: buildAuthorizeUrl(deps.app, state, { portalId: ticket.pin_portal_id }), ticketId: ticket.id };
}
