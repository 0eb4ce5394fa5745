import { CompiledQuery, type Kysely } from 'kysely';
import type { Database, Db, MemberStatus, Role, SessionRow } from '../../db/schema';

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export interface SessionWithMember {
  session: SessionRow;
  member: { id: string; workspaceId: string; email: string; role: Role; status: MemberStatus };
}

type LookupRow = SessionRow & { m_email: string; m_role: Role; m_status: MemberStatus };

function lookupQuery(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('members', (j) => j.onRef('members.id', '=', 'sessions.member_id').onRef('members.workspace_id', '=', 'sessions.workspace_id'))
    .selectAll('sessions')
    .select(['members.email as m_email', 'members.role as m_role', 'members.status as m_status'])
    .where('sessions.token_hash', '=', tokenHash);
}

// The lookup's SQL text per database handle, compiled once: building and compiling the same
// Kysely query on every request cost a sixth of a cached record view's CPU. Only the token hash
// is bound per call; the driver's statement cache (SQLite) reuses the prepared statement.
const compiledLookup = new WeakMap<object, string>();

/** The bearer lookup: one indexed read joining the member, so a disabled member fails at once. */
export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionWithMember | undefined> {
  let text = compiledLookup.get(db);
  if (text === undefined) {
    text = lookupQuery(db, '').compile().sql;
    compiledLookup.set(db, text);
  }
  const { rows } = await db.executeQuery<LookupRow>(CompiledQuery.raw(text, [tokenHash]));
  const row = rows[0];
  if (!row) return undefined;
  const { m_email, m_role, m_status, ...session } = row;
  return { session, member: { id: session.member_id, workspaceId: session.workspace_id, email: m_email, role: m_role, status: m_status } };
}

/** Records activity; the `last_seen_at <` guard keeps concurrent touches from moving it back. */
export async function touchSession(db: Db, sessionId: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).where('last_seen_at', '<', now).execute();
}

export async function revokeSession(db: Db, workspaceId: string, sessionId: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a member, optionally keeping one (the caller's own). Returns how many. */
export async function revokeMemberSessions(
  db: Db,
  workspaceId: string,
  memberId: string,
  now: number,
  exceptSessionId?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Housekeeping: rows past their absolute lifetime (or revoked long ago) are useless. */
export async function deleteDeadSessions(db: Db, memberId: string, now: number, keepRevokedMs: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('member_id', '=', memberId)
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('revoked_at', '<', now - keepRevokedMs)]))
    .execute();
}
