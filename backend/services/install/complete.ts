import type { CompleteRequest, TicketView } from '../../../lib/contract/api/install';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { hashToken, isTokenShaped } from '../../security/tokens';
import type { InstallDeps } from './deps';
import { baseDiagnostics } from './diagnostics';
import { exchangeAndSave, finish } from './exchange';
import { consumeState, findState, findTicket } from './ticket-store';
import type { Caller } from '../caller';
import { ownTicket, view } from './tickets';

/**
 * `POST /api/v1/install/tickets/:ticketId/complete`: the admin's own signed-in extension hands
 * back what HubSpot put on the callback URL of the tab it opened. This is the only place a code is
 * exchanged, and only when:
 * 1. the caller (admin session, checked by the route's hook) is the member who made the ticket, in
 *    the same workspace — anyone else gets "not found", as for reading the ticket;
 * 2. the state is this ticket's, unused and unexpired — checked before it is consumed, so a wrong
 *    or stale answer burns nothing;
 * 3. the state is consumed atomically (single use).
 * A state that was already used answers the ticket as it stands (the same answer delivered twice,
 * e.g. after a reload of the install tab), without touching anything.
 */
export async function completeInstall(deps: InstallDeps, caller: Caller<'role' | 'sessionId'>, ticketId: string, q: CompleteRequest): Promise<Result<TicketView>> {
  const owned = await ownTicket(deps, caller, ticketId);
  if (!owned.ok) return owned;
  const ticket = owned.data;
  const stateHash = isTokenShaped(q.state) ? hashToken(q.state) : null;
  const st = stateHash ? await findState(deps.db, stateHash) : undefined;
  if (!stateHash || !st || st.ticket_id !== ticket.id) {
    deps.logger.warn({ ticketId: ticket.id, workspaceId: caller.workspaceId }, 'install.complete_state_mismatch');
    return fail('conflict', 'This HubSpot answer does not belong to this install request. Nothing was connected.');
  }
  const current = async () => ok(view(deps, (await findTicket(deps.db, ticket.id)) ?? ticket));
  if (st.used_at !== null) return current();
  const d = baseDiagnostics(deps.app, {
    outcome: 'state_unknown',
    ticketId: ticket.id,
    startedAt: ticket.started_at,
    scopes: st.scopes.split(' ').filter(Boolean),
    optionalScopes: st.optional_scopes.split(' ').filter(Boolean),
    pinnedPortalId: ticket.pin_portal_id,
  });
  if (st.expires_at <= deps.now()) {
    await finish(deps, st, ticket, { ...d, outcome: 'state_expired' });
    return current();
  }
  if (!(await consumeState(deps.db, stateHash, deps.now()))) return current();
  await exchangeAndSave(deps, st, ticket, d, q);
  return current();
}
