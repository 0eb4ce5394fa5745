import { asDb, type AnyDb } from '../audit/write';
import type { InviteRow } from '../db/schema';

export async function insertInvite(anyDb: AnyDb, row: InviteRow): Promise<void> {
  const db = asDb(anyDb);
  await db.insertInto('invites').values(row).execute();
}

export async function findInviteByTokenHash(anyDb: AnyDb, tokenHash: string): Promise<InviteRow | undefined> {
  const db = asDb(anyDb);
  return db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Marks an invite used. The `used_at is null` guard makes this the single-use gate: of two
 * concurrent accepts only one updates a row, and the other is told the invite is gone.
 */
export async function claimInvite(anyDb: AnyDb, inviteId: string, now: number): Promise<boolean> {
  const db = asDb(anyDb);
  const res = await db
    .updateTable('invites')
    .set({ used_at: now })
    .where('id', '=', inviteId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Revokes a member's outstanding invites (a new invite, a reset, or disabling replaces them). */
export async function revokeMemberInvites(anyDb: AnyDb, workspaceId: string, memberId: string, now: number): Promise<void> {
  const db = asDb(anyDb);
  await db
    .updateTable('invites')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The newest unused, unexpired invite's expiry for each member (the admin list shows "invite pending until"). */
export async function pendingInviteExpiries(anyDb: AnyDb, workspaceId: string, now: number): Promise<Map<string, number>> {
  const db = asDb(anyDb);
  const rows = await db
    .selectFrom('invites')
    .select(['member_id', (eb) => eb.fn.max('expires_at').as('expires_at')])
    .where('workspace_id', '=', workspaceId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id, Number(r.expires_at)]));
}
