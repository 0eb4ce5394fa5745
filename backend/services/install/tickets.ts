import { z } from 'zod';
import { Diagnostics, InstallerCheck, InstallOutcomeCode, type ConfirmRequest, type CreateTicketRequest, type CreateTicketResponse, type TicketView } from '../../../lib/contract/api/install';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { revokeRefreshToken } from '../../hubspot/oauth';
import { hashToken, newId, newToken } from '../../security/tokens';
import type { Caller } from '../caller';
import type { InstallDeps } from './deps';
import { baseDiagnostics, diagnosticsText } from './diagnostics';
import { outcomeText } from './messages';
import { saveInstall, type InstallFacts } from './save-install';
import { findInstallByWorkspace } from './store';
import { claimPending, deleteOldTickets, findTicket, finishTicket, insertTicket } from './ticket-store';
import type { TicketRow } from '../../db/schema';
import { pendingAad } from '../../vault/aad';

/**
 * Install tickets: the extension's background mints one (admin session), opens `startUrl` in a
 * tab it watches, and hands HubSpot's answer back (complete.ts); the options page polls the ticket
 * until that has finished it; a different portal waits here for the admin's explicit
 * confirmation. Tickets are visible only to the admin who made them.
 */

const StoredResult = z.object({
  outcome: InstallOutcomeCode,
  diagnostics: Diagnostics.nullable(),
  confirmation: z.object({ currentPortalId: z.string(), newPortalId: z.string(), newHubDomain: z.string().nullable() }).nullable().default(null),
  installer: InstallerCheck.nullable().default(null),
});

export async function createTicket(deps: InstallDeps, caller: Caller<'role' | 'sessionId'>, req: CreateTicketRequest): Promise<Result<CreateTicketResponse>> {
  if (caller.role !== 'admin') return fail('forbidden', 'Only workspace admins can connect HubSpot.');
  const now = deps.now();
  const token = newToken();
  const id = newId();
  const current = req.reconnect ? await findInstallByWorkspace(deps.db, caller.workspaceId) : undefined;
  await deleteOldTickets(deps.db, caller.workspaceId, now);
  await insertTicket(deps.db, {
    id,
    token_hash: hashToken(token),
    workspace_id: caller.workspaceId,
    member_id: caller.memberId,
    session_id: caller.sessionId,
    pin_portal_id: current?.portal_id ?? null,
    status: 'pending',
    result: null,
    pending_sealed: null,
    pending_key_id: null,
    created_at: now,
    expires_at: now + deps.ticketTtlMs,
    started_at: null,
    completed_at: null,
  });
  const startUrl = `${deps.publicUrl}/install/start?${new URLSearchParams({ ticket: token })}`;
  return ok({ ticketId: id, startUrl, callbackUrl: deps.app.redirectUri, expiresAt: new Date(now + deps.ticketTtlMs).toISOString() });
}

export async function ownTicket(deps: InstallDeps, caller: Caller<'role' | 'sessionId'>, ticketId: string): Promise<Result<TicketRow>> {
  const t = await findTicket(deps.db, ticketId);
  // Another workspace's or another admin's ticket is "not found": its existence is not theirs to know.
  if (!t || t.workspace_id !== caller.workspaceId || t.member_id !== caller.memberId) return fail('not_found', 'No such install request.');
  return ok(t);
}

export async function getTicket(deps: InstallDeps, caller: Caller<'role' | 'sessionId'>, ticketId: string): Promise<Result<TicketView>> {
  const t = await ownTicket(deps, caller, ticketId);
  return t.ok ? ok(view(deps, t.data)) : t;
}

export function view(deps: InstallDeps, t: TicketRow): TicketView {
  const now = deps.now();
  const stored = t.result ? StoredResult.safeParse(JSON.parse(t.result)) : null;
  const r = stored?.success ? stored.data : null;
  const expired = (t.status === 'pending' || t.status === 'started') && t.expires_at <= now;
  const silent = !r && t.status === 'started' && t.started_at !== null && now - t.started_at >= deps.noAnswerAfterMs ? notReturned(deps, t) : null;
  const outcome = r?.outcome ?? silent?.outcome ?? null;
  const diagnostics = r?.diagnostics ?? silent ?? null;
  return {
    ticketId: t.id,
    status: expired ? 'expired' : t.status,
    expiresAt: new Date(t.expires_at).toISOString(),
    outcome: outcome ? { code: outcome, text: outcomeText(outcome) } : null,
    confirmation: t.status === 'confirm_required' ? r?.confirmation ?? null : null,
    diagnostics,
    installer: r?.installer ?? null,
    diagnosticsText: diagnostics ? diagnosticsText(diagnostics) : null,
  };
}

/** What Portside knows of an install that went to HubSpot and never came back: what it asked for, and when. */
function notReturned(deps: InstallDeps, t: TicketRow): Diagnostics {
  return baseDiagnostics(deps.app, { outcome: 'not_returned', ticketId: t.id, startedAt: t.started_at, pinnedPortalId: t.pin_portal_id });
}

/**
 * The admin's answer to "replace the connected portal?". Yes stores the waiting connection (and
 * revokes the old portal's token); no, or too late, discards it and revokes its token.
 */
export async function confirmTicket(deps: InstallDeps, caller: Caller<'role' | 'sessionId'>, ticketId: string, req: ConfirmRequest): Promise<Result<TicketView>> {
  const owned = await ownTicket(deps, caller, ticketId);
  if (!owned.ok) return owned;
  const t = owned.data;
  if (t.status !== 'confirm_required' || !t.pending_sealed) return fail('conflict', 'This install request is not waiting for a confirmation.');
  // Exactly one answer gets the waiting connection: a double click cannot apply the switch twice.
  if (!(await claimPending(deps.db, t.id))) return fail('conflict', 'This install request was already answered.');
  const now = deps.now();
  const prior = StoredResult.parse(JSON.parse(t.result ?? '{}'));
  const opened = deps.keyring.open(t.pending_sealed, pendingAad(t.id));
  const facts = opened.ok ? (JSON.parse(opened.value) as InstallFacts) : null;
  const late = (t.completed_at ?? 0) + deps.confirmTtlMs <= now;
  let outcome: InstallOutcomeCode;
  if (!facts) outcome = 'confirm_expired';
  else if (!req.replace || late) {
    outcome = late ? 'confirm_expired' : 'cancelled';
    await revokeRefreshToken(deps.app, facts.tokens.refreshToken, deps.fetch ? { fetch: deps.fetch } : {});
  } else {
    const saved = await saveInstall(deps, { workspaceId: t.workspace_id, memberId: caller.memberId, facts });
    outcome = saved.ok ? saved.kind : 'portal_in_use';
  }
  const status = outcome === 'portal_changed' || outcome === 'reconnected' || outcome === 'connected' ? 'succeeded' : outcome === 'cancelled' ? 'cancelled' : 'failed';
  const diagnostics = prior.diagnostics ? { ...prior.diagnostics, outcome, completedAt: new Date(now).toISOString() } : null;
  await finishTicket(deps.db, t.id, status, { outcome, diagnostics, confirmation: null, installer: prior.installer }, now, null, 'confirm_required');
  const after = await findTicket(deps.db, t.id);
  return ok(view(deps, after!));
}
