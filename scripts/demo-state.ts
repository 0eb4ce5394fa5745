import { sql, type Kysely } from 'kysely';
import type { Database } from '../backend/db/schema';

/**
 * What the demo workspace looks like in the backend's database right now, so the guide `npm
 * start` prints can say what is done and what is next (not "Connect HubSpot" when it is connected).
 */
export interface DemoState {
  workspace: string;
  install: { status: 'connected' | 'needs_reconnect'; portalId: string; hubDomain: string | null } | null;
  members: DemoMember[];
}

export interface DemoMember {
  email: string;
  name: string | null;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'disabled';
  /** Holds a session that has not ended, expired or idled out. */
  signedIn: boolean;
  linkedTo: { email: string; name: string | null } | null;
}

export async function readDemoState(db: Kysely<Database>, adminEmail: string, now: number): Promise<DemoState | null> {
  const admin = await db.selectFrom('members').select('workspace_id').where('email', '=', adminEmail.toLowerCase()).executeTakeFirst();
  if (!admin) return null;
  const ws = admin.workspace_id;
  const workspace = await db.selectFrom('workspaces').select('name').where('id', '=', ws).executeTakeFirstOrThrow();
  const install = await db.selectFrom('installs').select(['status', 'portal_id', 'hub_domain']).where('workspace_id', '=', ws).executeTakeFirst();
  const members = await db
    .selectFrom('members')
    .leftJoin('hubspot_links', 'hubspot_links.member_id', 'members.id')
    .select(['members.id', 'members.email', 'members.display_name', 'members.role', 'members.status', 'hubspot_links.email as link_email', 'hubspot_links.name as link_name'])
    .where('members.workspace_id', '=', ws)
    .orderBy('members.created_at')
    .execute();
  const live = await db
    .selectFrom('sessions')
    .select('member_id')
    .where('workspace_id', '=', ws)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where(sql<boolean>`last_seen_at + idle_timeout_ms > ${now}`)
    .execute();
  const signedIn = new Set(live.map((s) => s.member_id));
  return {
    workspace: workspace.name,
    install: install ? { status: install.status, portalId: install.portal_id, hubDomain: install.hub_domain } : null,
    members: members.map((m) => ({
      email: m.email,
      name: m.display_name,
      role: m.role,
      status: m.status,
      signedIn: signedIn.has(m.id),
      linkedTo: m.link_email ? { email: m.link_email, name: m.link_name } : null,
    })),
  };
}
