import type { MemberView, SessionInfo, WorkspaceView } from '../../../lib/contract/api/accounts';
import type { MemberRow, SessionRow, WorkspaceRow } from '../../db/schema';

const iso = (ms: number) => new Date(ms).toISOString();

export function memberView(m: MemberRow, invitePendingUntil?: number | null): MemberView {
  const view: MemberView = {
    id: m.id,
    email: m.email,
    emailVerified: m.email_verified_at !== null,
    displayName: m.display_name,
    role: m.role,
    status: m.status,
    createdAt: iso(m.created_at),
    lastSignInAt: m.last_sign_in_at === null ? null : iso(m.last_sign_in_at),
  };
  if (invitePendingUntil !== undefined) view.invitePendingUntil = invitePendingUntil === null ? null : iso(invitePendingUntil);
  return view;
}

export function workspaceView(w: WorkspaceRow): WorkspaceView {
  return { id: w.id, name: w.name, createdAt: iso(w.created_at) };
}

export function sessionInfo(s: Pick<SessionRow, 'expires_at' | 'idle_timeout_ms' | 'stay_signed_in'>): SessionInfo {
  return { expiresAt: iso(s.expires_at), idleTimeoutSeconds: Math.round(s.idle_timeout_ms / 1000), staySignedIn: s.stay_signed_in === 1 };
}
