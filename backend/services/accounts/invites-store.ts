import type { Db, InviteRow } from '../../db/schema';

export async function insertInvite(db: Db, row: InviteRow): Promise<void> {
  await db.insertInto('invites').values(row).execute();
}

export async function findInviteByTokenHash(db: Db, tokenHash: string): Promise<InviteRow | undefined> {
  return db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Marks an invite used. The `used_at is null` guard makes this the single-use gate: of two
 * concurrent accepts only one updates a row, and the other is told the invite is gone.
 */
export async function claimInvite(db: Db, inviteId: string, now: number): Promise<boolean> {
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
export async function revokeMemberInvites(db: Db, workspaceId: string, memberId: string, now: number): Promise<void> {
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
export async function pendingInviteExpiries(db: Db, workspaceId: string, now: number): Promise<Map<string, number>> {
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
