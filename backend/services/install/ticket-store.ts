import type { Insertable } from 'kysely';
import type { Db, InstallTicketsTable, OAuthStatesTable, StateRow, TicketRow, TicketStatus } from '../../db/schema';

/** Queries on `install_tickets` and `oauth_states`. Secrets are looked up by their SHA-256 only. */

export async function insertTicket(db: Db, row: Insertable<InstallTicketsTable>): Promise<void> {
  await db.insertInto('install_tickets').values(row).execute();
}

export function findTicket(db: Db, id: string): Promise<TicketRow | undefined> {
  return db.selectFrom('install_tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTicketByToken(db: Db, tokenHash: string): Promise<TicketRow | undefined> {
  return db.selectFrom('install_tickets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Who made a ticket (or state), for the pages that must say whose workspace a portal would join. */
export async function ticketCreator(db: Db, t: { workspace_id: string; member_id: string }): Promise<{ workspaceName: string; adminName: string | null; adminEmail: string } | undefined> {
  const row = await db
    .selectFrom('members')
    .innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
    .select(['workspaces.name as workspaceName', 'members.display_name as adminName', 'members.email as adminEmail'])
    .where('members.id', '=', t.member_id)
    .where('members.workspace_id', '=', t.workspace_id)
    .executeTakeFirst();
  return row;
}

/** Marks a pending, unexpired ticket started; exactly one caller wins. */
export async function claimTicket(db: Db, tokenHash: string, now: number): Promise<TicketRow | undefined> {
  const r = await db
    .updateTable('install_tickets')
    .set({ status: 'started', started_at: now })
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('install_tickets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function finishTicket(
  db: Db,
  id: string,
  status: TicketStatus,
  result: unknown,
  now: number,
  pending?: { sealed: string; keyId: string } | null,
  fromStatus: TicketStatus = 'started',
): Promise<boolean> {
  const r = await db
    .updateTable('install_tickets')
    .set({
      status,
      result: JSON.stringify(result),
      completed_at: now,
      pending_sealed: pending?.sealed ?? null,
      pending_key_id: pending?.keyId ?? null,
    })
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Housekeeping: a workspace's tickets and states a day past expiry are useless. */
export async function deleteOldTickets(db: Db, workspaceId: string, now: number): Promise<void> {
  const cutoff = now - 24 * 3600_000;
  await db.deleteFrom('install_tickets').where('workspace_id', '=', workspaceId).where('expires_at', '<', cutoff).execute();
  await db.deleteFrom('oauth_states').where('workspace_id', '=', workspaceId).where('expires_at', '<', cutoff).execute();
}

export async function insertState(db: Db, row: Insertable<OAuthStatesTable>): Promise<void> {
  await db.insertInto('oauth_states').values(row).execute();
}

export function findState(db: Db, stateHash: string): Promise<StateRow | undefined> {
  return db.selectFrom('oauth_states').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

/** Single use: marks the state used if it is unused and unexpired; exactly one caller wins. */
export async function consumeState(db: Db, stateHash: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Whether the admin session that minted a ticket still stands: not revoked, not past its
 * absolute or idle limit, member active and still an admin of the same workspace.
 */
export async function adminSessionLive(db: Db, s: { sessionId: string; memberId: string; workspaceId: string }, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('members', 'members.id', 'sessions.member_id')
    .select(['sessions.revoked_at', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.idle_timeout_ms', 'members.role', 'members.status', 'members.workspace_id'])
    .where('sessions.id', '=', s.sessionId)
    .where('sessions.member_id', '=', s.memberId)
    .executeTakeFirst();
  return (
    !!row &&
    row.revoked_at === null &&
    now < row.expires_at &&
    now < row.last_seen_at + row.idle_timeout_ms &&
    row.role === 'admin' &&
    row.status === 'active' &&
    row.workspace_id === s.workspaceId
  );
}

/** Takes a ticket's waiting connection for exactly one confirm/cancel answer. */
export async function claimPending(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('install_tickets')
    .set({ pending_sealed: null, pending_key_id: null })
    .where('id', '=', id)
    .where('status', '=', 'confirm_required')
    .where('pending_sealed', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
