import type { Db, MemberRow, MemberStatus, Role } from '../../db/schema';

/**
 * Member SQL. Every query that reads or changes a member by id also filters on the caller's
 * workspace id (taken from the session, never from the request), so a guessed id from another
 * workspace behaves exactly like a missing one.
 */
export async function insertMember(db: Db, row: MemberRow): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

export async function findMemberInWorkspace(db: Db, workspaceId: string, memberId: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', memberId).executeTakeFirst();
}

/**
 * Sign-in lookup: by email across the server. One *active* account per email (migration 0009);
 * invited or disabled rows in other workspaces may share it, so the active one wins, then the
 * newest other.
 */
export async function findMemberByEmail(db: Db, email: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('email', '=', email)
    .orderBy((eb) => eb.case().when('status', '=', 'active').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** An account (accepted or created, active or disabled) for this email; an outstanding invite is not one. */
export async function findAccountByEmail(db: Db, email: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('email', '=', email).where('status', '!=', 'invited').executeTakeFirst();
}

export async function findMemberInWorkspaceByEmail(db: Db, workspaceId: string, email: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', email).executeTakeFirst();
}

export async function listMembers(db: Db, workspaceId: string): Promise<MemberRow[]> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
}

export async function countActiveAdmins(db: Db, workspaceId: string, excludingMemberId?: string): Promise<number> {
  let q = db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active');
  if (excludingMemberId) q = q.where('id', '!=', excludingMemberId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface MemberChanges {
  role?: Role;
  status?: MemberStatus;
  password_hash?: string | null;
  email_verified_at?: number | null;
  display_name?: string | null;
  last_sign_in_at?: number;
}

export async function updateMember(db: Db, workspaceId: string, memberId: string, changes: MemberChanges, now: number): Promise<boolean> {
  const res = await db
    .updateTable('members')
    .set({ ...changes, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Replaces a password hash only if it is still the one that was verified: a concurrent
 * password change wins over a rehash-on-login.
 */
export async function rehashPassword(db: Db, memberId: string, oldHash: string, newHash: string, now: number): Promise<void> {
  await db
    .updateTable('members')
    .set({ password_hash: newHash, updated_at: now })
    .where('id', '=', memberId)
    .where('password_hash', '=', oldHash)
    .execute();
}
