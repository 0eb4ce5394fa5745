import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import type { SessionResponse } from '../../../lib/contract/api/accounts';
import { MembersAnswer } from '../../../lib/contract/api/identity';
import { call, createWorkspace } from '../helpers/accounts-app';
import type { TestDatabase } from '../helpers/engines';
import type { HostileStack } from './stack';

/**
 * Two tenants as the attacks need them. Workspace A (HubSpot portal 1001) has an admin, a member
 * who owns contact 101, a disabled member and a member whose session has expired; workspace B
 * (portal 2002) has an admin and a member. Every A and B member is linked to their HubSpot user,
 * so a request that gets past the access checks would really reach HubSpot.
 */
export type Role = 'admin' | 'member' | 'disabled' | 'expired';

export interface Actor {
  token: string;
  memberId: string;
  workspaceId: string;
  password: string;
}

export interface Tenant {
  workspaceId: string;
  portalId: string;
  /** A contact in this tenant's portal the member may edit (owned by them). */
  contactId: string;
  actors: Record<Role, Actor>;
}

const ACME = SEED.portals.acme;
const FREE = SEED.portals.free;
const pw = () => `pw-${randomBytes(8).toString('hex')}`;

async function join(s: HostileStack, adminToken: string, email: string, role: 'admin' | 'member' = 'member'): Promise<Actor> {
  const inv = await call(s.app, 'POST', '/api/v1/members', { token: adminToken, body: { email, role } });
  expect(inv.statusCode, inv.body).toBe(201);
  const password = pw();
  const acc = await call(s.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.json().invite.code, password } });
  expect(acc.statusCode, acc.body).toBe(200);
  const r = acc.json() as SessionResponse;
  return { token: r.token, memberId: r.member.id, workspaceId: r.workspace.id, password };
}

let throwaway = 0;
/** A new, unlinked member of `t` with `role`, for operations that end or change the caller's own session. */
export function freshActor(s: HostileStack, t: Tenant, role: 'admin' | 'member'): Promise<Actor> {
  return join(s, t.actors.admin.token, `throwaway.${role}.${throwaway++}.${randomBytes(3).toString('hex')}@example.test`, role);
}

async function tenant(s: HostileStack, db: TestDatabase, portal: typeof ACME | typeof FREE, emails: Record<'member' | 'disabled' | 'expired', string>, contactId: string): Promise<Tenant> {
  const adminPassword = pw();
  const admin = await createWorkspace(s.app, { workspaceName: portal.name, email: Object.values(portal.users).find((u) => u.superAdmin)!.email, password: adminPassword });
  await s.install(admin.token, portal.portalId, Object.values(portal.users).find((u) => u.superAdmin)!.userId);
  const actors: Record<Role, Actor> = {
    admin: { token: admin.token, memberId: admin.member.id, workspaceId: admin.workspace.id, password: adminPassword },
    member: await join(s, admin.token, emails.member),
    disabled: await join(s, admin.token, emails.disabled),
    expired: await join(s, admin.token, emails.expired),
  };
  // Link everyone to the HubSpot user their verified email proposes.
  const list = MembersAnswer.parse((await call(s.app, 'GET', '/api/v1/identity/members', { token: admin.token })).json());
  for (const m of list.members) {
    if (!m.proposal) continue;
    const r = await call(s.app, 'PUT', `/api/v1/identity/members/${m.memberId}/link`, { token: admin.token, body: { hubspotUserId: m.proposal.userId } });
    expect(r.statusCode, r.body).toBe(200);
  }
  const dis = await call(s.app, 'POST', `/api/v1/members/${actors.disabled.memberId}/disable`, { token: admin.token });
  expect(dis.statusCode, dis.body).toBe(200);
  // An expired session is one whose absolute lifetime has passed; the row stays.
  await db.handle.db.updateTable('sessions').set({ expires_at: Date.now() - 1000 }).where('member_id', '=', actors.expired.memberId).execute();
  return { workspaceId: admin.workspace.id, portalId: String(portal.portalId), contactId, actors };
}

export async function seedTenants(s: HostileStack, db: TestDatabase): Promise<{ a: Tenant; b: Tenant }> {
  const au = ACME.users;
  const fu = FREE.users;
  const a = await tenant(s, db, ACME, { member: au.ownedOnly.email, disabled: au.viewOnly.email, expired: au.teamOnly.email }, String(ACME.contacts.ownedByOwnedOnly.id));
  // Portal 2002 has two non-admin users; the expired actor there is an unlinked extra member.
  const b = await tenant(s, db, FREE, { member: fu.member.email, disabled: fu.marketplace.email, expired: 'extra.expired@bakery.example' }, String(FREE.contacts.ownedByMember.id));
  return { a, b };
}
