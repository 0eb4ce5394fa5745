import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { checkAccessFresh, gatherAccess } from '../../../backend/services/access/check';
import { linkMember } from '../../../backend/services/identity/link-member';
import { setMemberLevels } from '../../../backend/services/identity/links';
import { syncNow, whoAmI } from '../../../backend/services/identity/me';
import { viewRecord } from '../../../backend/services/records/legacy';
import { describeEngines } from '../helpers/engines';
import { ACME, FREE, startHarness, type Harness, type Workspace } from './harness';

/**
 * The write path's fresh check sees a reassignment the cached read path has not; a member of
 * one workspace learns nothing about another workspace's portal; a HubSpot user deactivated in
 * the portal loses access at the next sync.
 */

const adminOf = (ws: Workspace) => ({ memberId: ws.admin.id, workspaceId: ws.id, role: 'admin' as const, email: ws.admin.email });
const who = (ws: Workspace, key: string) => ({ memberId: ws.members[key]!.id, workspaceId: ws.id });
const caller = (ws: Workspace, key: string) => ({ ...who(ws, key), role: ws.members[key]!.role, email: ws.members[key]!.email });
const ctx = { correlationId: null };

describeEngines('record access: fresh checks, isolation, deactivation', (e) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(e.db.handle.db);
    for (const ws of [h.acme, h.free]) {
      const seed = ws === h.acme ? ACME : FREE;
      for (const [key, u] of Object.entries(seed.users)) {
        if (key === 'viewOnly') continue; // left unlinked on purpose
        expect((await linkMember(h.ra.identity, adminOf(ws), ws.members[key]!.id, String(u.userId), ctx)).ok).toBe(true);
      }
    }
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sandbox.sandbox.control.clearFaults();
    // A refused permissions API is remembered per portal for minutes; tests start from a clean slate.
    h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: '1001' });
  });

  it('a reassignment after the panel loaded is caught by checkAccessFresh', async () => {
    const contact = String(ACME.contacts.ownedByOwnedOnly.id);
    const loaded = await gatherAccess(h.ra.access, who(h.acme, 'ownedOnly'), '1001', contact, { fresh: false });
    expect(loaded.ok && loaded.data.access.canEdit.allowed).toBe(true);
    h.sandbox.sandbox.control.setOwner(ACME.portalId, contact, ACME.users.everything.ownerId);
    // The read path may still answer from its few-second cache; the write path may not.
    const fresh = await h.ra.checkAccessFresh(who(h.acme, 'ownedOnly'), '1001', contact);
    expect(fresh.ok).toBe(true);
    if (!fresh.ok) return;
    expect(fresh.data.access.canEdit).toMatchObject({ allowed: false, code: 'not_permitted_by_hubspot' });
    expect(fresh.data.hubspotUser).toEqual({ userId: String(ACME.users.ownedOnly.userId), ownerId: String(ACME.users.ownedOnly.ownerId) });
    const audit = await e.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', h.acme.id).where('result', '=', 'denied').where('target_id', '=', contact).execute();
    expect(audit.some((a) => a.action === 'record.write.check' && JSON.parse(a.details).code === 'not_permitted_by_hubspot')).toBe(true);
    // And back: the fresh check follows the record, not a stale denial either.
    h.sandbox.sandbox.control.setOwner(ACME.portalId, contact, ACME.users.ownedOnly.ownerId);
    const again = await checkAccessFresh(h.ra.access, who(h.acme, 'ownedOnly'), '1001', contact);
    expect(again.ok && again.data.access.canEdit.allowed).toBe(true);
  });

  it('the ownership fallback also reads the current owner at write time', async () => {
    const contact = String(ACME.contacts.ownedByChildTeam.id);
    await setMemberLevels(h.ra.identity, adminOf(h.acme), h.acme.members.childTeam!.id, { ...ACME.users.childTeam.permissions }, ctx);
    h.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
    const before = await checkAccessFresh(h.ra.access, who(h.acme, 'childTeam'), '1001', contact);
    expect(before.ok && before.data.access).toMatchObject({ source: 'ownership', canEdit: { allowed: true, code: 'owner' } });
    h.sandbox.sandbox.control.setOwner(ACME.portalId, contact, ACME.users.viewOnly.ownerId);
    const after = await checkAccessFresh(h.ra.access, who(h.acme, 'childTeam'), '1001', contact);
    expect(after.ok && after.data.access).toMatchObject({ source: 'ownership', canEdit: { allowed: false, code: 'other_team' } });
    h.sandbox.sandbox.control.setOwner(ACME.portalId, contact, ACME.users.childTeam.ownerId);
  });

  it("workspace A cannot read portal B: same answer as an unknown portal, and no HubSpot call", async () => {
    const before = h.calls.length;
    for (const [ws, key, portal, contact] of [
      [h.acme, 'superAdmin', String(FREE.portalId), String(FREE.contacts.ownedByMember.id)],
      [h.free, 'superAdmin', String(ACME.portalId), String(ACME.contacts.ownedBySuperAdmin.id)],
      [h.acme, 'ownedOnly', '999999', '101'],
    ] as const) {
      const view = await viewRecord(h.ra.records, caller(ws, key), portal, contact, ctx);
      expect(view.ok).toBe(false);
      if (view.ok) continue;
      expect(view.error.code).toBe('portal_not_connected');
      expect(JSON.stringify(view.error)).not.toMatch(/Bea|Baker|Adam|Apex|Crumb/);
      const fresh = await checkAccessFresh(h.ra.access, who(ws, key), portal, contact);
      expect(!fresh.ok && fresh.error.code).toBe('portal_not_connected');
    }
    expect(h.calls.length).toBe(before);
  });

  it("a contact id of another portal is just an id in the caller's own portal", async () => {
    // 201 exists only in the free portal; asked in acme's, acme's HubSpot has no such contact.
    const view = await viewRecord(h.ra.records, caller(h.acme, 'superAdmin'), '1001', String(FREE.contacts.ownedByMember.id), ctx);
    expect(view.ok && view.data).toMatchObject({ access: { canView: { allowed: false, code: 'record_not_found' } }, contact: null });
  });

  it('an unlinked member is refused with not_linked (audited), and never reaches HubSpot', async () => {
    const before = h.calls.length;
    const view = await viewRecord(h.ra.records, caller(h.acme, 'viewOnly'), '1001', '101', ctx);
    expect(!view.ok && view.error.code).toBe('not_linked');
    expect(h.calls.length).toBe(before);
    const audit = await e.db.handle.db.selectFrom('audit_log').selectAll().where('actor_member_id', '=', h.acme.members.viewOnly!.id).execute();
    expect(audit.map((a) => [a.action, a.result, JSON.parse(a.details).code])).toContainEqual(['record.view', 'denied', 'not_linked']);
  });

  it('a needs-reconnect install answers needs_reconnect before any HubSpot call', async () => {
    const install = h.installs.byWorkspace.get(h.free.id)!;
    install.status = 'needs_reconnect';
    try {
      const view = await viewRecord(h.ra.records, caller(h.free, 'member'), '2002', '201', ctx);
      expect(!view.ok && view.error.code).toBe('needs_reconnect');
    } finally {
      install.status = 'connected';
    }
  });

  it('a HubSpot user deactivated in the portal loses access at the next sync', async () => {
    const member = caller(h.acme, 'ownedUnassigned');
    const contact = String(ACME.contacts.ownedByOwnedUnassigned.id);
    const before = await viewRecord(h.ra.records, member, '1001', contact, ctx);
    expect(before.ok && before.data.access.canView.allowed).toBe(true);
    h.sandbox.sandbox.control.setUserActive(ACME.portalId, ACME.users.ownedUnassigned.userId, false);
    try {
      const synced = await syncNow(h.ra.identity, adminOf(h.acme));
      expect(synced.ok && synced.data.linksDeactivated).toBe(1);
      const calls = h.calls.length;
      const after = await viewRecord(h.ra.records, member, '1001', contact, ctx);
      expect(after.ok && after.data).toMatchObject({ access: { canView: { allowed: false, code: 'user_inactive' } }, contact: null });
      expect(h.calls.length).toBe(calls);
      const me = await whoAmI(h.ra.identity, member);
      expect(me.ok && me.data.status).toBe('inactive');
    } finally {
      h.sandbox.sandbox.control.setUserActive(ACME.portalId, ACME.users.ownedUnassigned.userId, true);
      await syncNow(h.ra.identity, adminOf(h.acme));
    }
    const back = await viewRecord(h.ra.records, member, '1001', contact, ctx);
    expect(back.ok && back.data.access.canView.allowed).toBe(true);
  });

  it('a failed sync changes nothing (nobody is deactivated by a HubSpot outage)', async () => {
    h.sandbox.sandbox.control.addFault({ path: '/crm/v3/owners', kind: 'status', status: 503 });
    const r = await syncNow(h.ra.identity, adminOf(h.acme));
    expect(r.ok).toBe(false);
    const me = await whoAmI(h.ra.identity, caller(h.acme, 'ownedOnly'));
    expect(me.ok && me.data.status).toBe('linked');
  });

  it('the view carries the summary (owner name from the synced directory) only when the rep may view', async () => {
    const own = await viewRecord(h.ra.records, caller(h.acme, 'ownedOnly'), '1001', '101', ctx);
    expect(own.ok && own.data.contact).toMatchObject({ id: '101', firstName: 'Olivia', lastName: 'Oakes', company: 'Oakwood', owner: { id: '7006', name: 'Oscar Owned' } });
    expect(own.ok && own.data.viewer.hubspotUser).toMatchObject({ userId: '5006', ownerId: '7006', email: 'oscar.owned@acme.example' });
    const other = await viewRecord(h.ra.records, caller(h.acme, 'ownedOnly'), '1001', String(ACME.contacts.ownedByEverything.id), ctx);
    expect(other.ok && other.data).toMatchObject({ access: { canView: { allowed: false } }, contact: null });
    expect(JSON.stringify(other.ok && other.data)).not.toMatch(/Ezra|Ellis|Ember/);
  });
});
