import { MeResponse } from '../../contract/api/accounts';
import type { BackendClient } from '../backend-client';
import { fail, ok, type Result } from '../../contract/errors';

export interface SessionMember {
  memberId: string;
  email: string;
}

/**
 * Which member each session token belongs to, remembered in the background's memory only (it
 * goes when the background does). Filled from the answers that already name the member (sign-in,
 * sign-up, invite accepted, session.get), else asked once from GET /api/v1/me.
 */
export function createSessionMembers() {
  const byToken = new Map<string, SessionMember>();
  return {
    remember(token: string | null, member: { id: string; email: string }) {
      if (token) byToken.set(token, { memberId: member.id, email: member.email });
    },
    async of(c: BackendClient, token: string): Promise<Result<SessionMember>> {
      const known = byToken.get(token);
      if (known) return ok(known);
      const me = await c.request('/api/v1/me', { schema: MeResponse });
      if (!me.ok) return me;
      const member = { memberId: me.data.member.id, email: me.data.member.email };
      byToken.set(token, member);
      return ok(member);
    },
  };
}
export type SessionMembers = ReturnType<typeof createSessionMembers>;

/**
 * A write is made as the member its panel showed, or not at all. The session may have changed
 * (another account signed in on the options page) after the panel was drawn: sending the write
 * then would attribute it to someone the rep never saw on the panel.
 */
export async function checkWriteViewer(
  c: BackendClient,
  members: SessionMembers,
  token: string | null,
  viewer: { memberId: string; email: string },
): Promise<Result<true>> {
  // No session: the write goes on and the backend answers "unauthenticated" as it always has.
  if (!token) return ok(true);
  const current = await members.of(c, token);
  if (!current.ok) return current;
  if (current.data.memberId === viewer.memberId) return ok(true);
  return fail(
    'session_changed',
    `You are signed in to Portside as ${current.data.email} now; this panel was showing ${viewer.email}. Nothing was sent — check the panel and save again.`,
  );
}
