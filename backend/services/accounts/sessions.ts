import { fail, ok, type Result } from '../../../lib/contract/errors';
import type { SessionResponse } from '../../../lib/contract/api/accounts';
import type { Db, MemberRow, SessionRow, WorkspaceRow } from '../../db/schema';
import { deleteDeadSessions, findSessionByTokenHash, insertSession, revokeSession, touchSession, type SessionWithMember } from './sessions-store';
import { hashToken, isTokenShaped, newId, newToken } from '../../security/tokens';
import type { Caller } from '../caller';
import type { AccountsDeps } from './deps';
import { memberView, sessionInfo, workspaceView } from './views';

/** The signed-in caller, as `request.member` carries it. Everything here comes from the database. */
export interface AuthenticatedMember extends Caller<'role' | 'email' | 'sessionId'> {
  session: Pick<SessionRow, 'expires_at' | 'idle_timeout_ms' | 'stay_signed_in'>;
}

/** Creates a session inside the caller's transaction and returns the token (shown once). */
export async function issueSession(
  trx: Db,
  deps: AccountsDeps,
  member: MemberRow,
  workspace: WorkspaceRow,
  staySignedIn: boolean,
): Promise<SessionResponse> {
  const now = deps.now();
  const p = deps.sessions;
  const token = newToken();
  const row: SessionRow = {
    id: newId(),
    workspace_id: member.workspace_id,
    member_id: member.id,
    token_hash: hashToken(token),
    stay_signed_in: staySignedIn ? 1 : 0,
    idle_timeout_ms: staySignedIn ? p.rememberIdleMs : p.idleMs,
    expires_at: now + (staySignedIn ? p.rememberAbsoluteMs : p.absoluteMs),
    last_seen_at: now,
    revoked_at: null,
    created_at: now,
  };
  // Keep the table to live sessions: a member's dead rows go when they get a new one.
  await deleteDeadSessions(trx, member.id, now, 7 * 24 * 3600 * 1000);
  await insertSession(trx, row);
  return { token, session: sessionInfo(row), member: memberView(member), workspace: workspaceView(workspace) };
}

/**
 * Resolves an `Authorization` header to a member. No token, a malformed or unknown token →
 * `unauthenticated`; a known token whose session was revoked, timed out or whose member was
 * disabled → `session_expired` (the UI offers to sign in again).
 */
export async function authenticateBearer(deps: AccountsDeps, header: string | undefined): Promise<Result<AuthenticatedMember>> {
  const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  // Checking the shape first means the stored hex hash (64 chars) is refused before any lookup.
  if (!m || !isTokenShaped(m[1]!)) return fail('unauthenticated', 'Sign in to Portside first.');
  const tokenHash = hashToken(m[1]!);
  const now = deps.now();
  const load = () => findSessionByTokenHash(deps.db, tokenHash);
  const found = deps.sessionMemo ? await deps.sessionMemo.find(tokenHash, now, (f) => isLive(f, now), load) : await load();
  if (!found) return fail('unauthenticated', 'Sign in to Portside first.');
  const { session, member } = found;
  if (!isLive(found, now)) return fail('session_expired', 'Your Portside session has ended. Sign in again.');
  // Touch at most every touchMs: a busy panel would otherwise write on every request.
  if (now - session.last_seen_at >= deps.sessions.touchMs) {
    await touchSession(deps.db, session.id, now);
    deps.sessionMemo?.touched(tokenHash, now);
  }
  return ok({
    memberId: member.id,
    workspaceId: member.workspaceId,
    email: member.email,
    role: member.role,
    sessionId: session.id,
    session,
  });
}

function isLive({ session, member }: SessionWithMember, now: number): boolean {
  return session.revoked_at === null && now < session.expires_at && now < session.last_seen_at + session.idle_timeout_ms && member.status === 'active';
}

export async function signOut(deps: AccountsDeps, caller: AuthenticatedMember): Promise<Result<null>> {
  await revokeSession(deps.db, caller.workspaceId, caller.sessionId, deps.now());
  return ok(null);
}
