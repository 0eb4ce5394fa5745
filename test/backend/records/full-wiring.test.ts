import { afterAll, beforeAll, expect, it } from 'vitest';
import { RecordView } from '../../../lib/contract/api/records';
import { MembersAnswer } from '../../../lib/contract/api/identity';
import { call, createWorkspace, invite, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { installAs, startHarness, type Harness } from '../install/harness';
import { ACME } from './harness';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';

/**
 * The record view as buildApp (backend/compose.ts) wires it: a real install through the sandbox's OAuth consent,
 * the HubSpot gateway over the install service (fresh tokens), identity linking by proposal, the view.
 */
describeEngines('record view through the real install wiring', (e) => {
  let h: Harness;
  let admin: SignedIn;
  let rep: { token: string; memberId: string };

  beforeAll(async () => {
    h = await startHarness(e.db);
    admin = await createWorkspace(h.app, { email: ACME.users.superAdmin.email, workspaceName: 'Acme' });
    const run = await installAs(h, admin, ACME.portalId, ACME.users.superAdmin.userId);
    expect(run.outcome).toBe('connected');
    const inv = await invite(h.app, admin.token, { email: ACME.users.teamOnly.email });
    const accepted = await call(h.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'pw-wiring-123456' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    rep = { token: accepted.json().token, memberId: accepted.json().member.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('links by proposal and serves the verdict and summary', async () => {
    const members = MembersAnswer.parse((await call(h.app, 'GET', '/api/v1/identity/members', { token: admin.token })).json());
    const entry = members.members.find((m) => m.memberId === rep.memberId)!;
    expect(entry.proposal).toMatchObject({ userId: String(ACME.users.teamOnly.userId) });
    const linked = await call(h.app, 'PUT', `/api/v1/identity/members/${rep.memberId}/link`, { token: admin.token, body: { hubspotUserId: entry.proposal!.userId } });
    expect(linked.statusCode, linked.body).toBe(200);

    const res = await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${ACME.contacts.ownedByChildTeam.id}/view`, { token: rep.token });
    expect(res.statusCode, res.body).toBe(200);
    const view = RecordView.parse(res.json());
    expect(view.access).toMatchObject({ source: 'permissions_api', canView: { allowed: true }, canEdit: { allowed: true } });
    expect(view.contact).toMatchObject({ firstName: 'Cora', owner: { id: String(ACME.users.childTeam.ownerId), name: 'Chris Child' } });

    const denied = RecordView.parse((await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${ACME.contacts.ownedByEverything.id}/view`, { token: rep.token })).json());
    expect(denied).toMatchObject({ access: { canView: { allowed: false } }, contact: null });
  });

  it('another portal id is not connected for this workspace', async () => {
    const res = await call(h.app, 'GET', '/api/v1/portals/2002/contacts/201/view', { token: rep.token });
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'portal_not_connected']);
  });

  it('HubSpot refusing the record permission API (403) is said plainly, in the verdict and in install health', async () => {
    const control = h.sandbox.sandbox.control;
    const fault = control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
    try {
      const res = await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${ACME.contacts.sharedWithUser.id}/view`, { token: rep.token });
      expect(res.statusCode, res.body).toBe(200);
      const view = RecordView.parse(res.json());
      // No permission levels set for the rep: an honest "unknown", never a bare denial.
      expect(view.access.canView).toMatchObject({ allowed: false, code: 'unknown' });
      expect(view.access.canView.message).toMatch(/^HubSpot's record permission API isn't available to this app/);
      const health = (await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json().health;
      const notice = health.notices.find((n: { code: string }) => n.code === 'permissions_api_unavailable');
      expect(notice.message).toMatch(/^HubSpot's record permission API is not available to this app \(HubSpot answered forbidden\)/);
    } finally {
      control.removeRule(fault.id);
    }
  });

  it("a portal answering from another data centre is recorded on its install, with what to do", async () => {
    const control = h.sandbox.sandbox.control;
    control.setHublet(ACME.portalId, 'eu1');
    try {
      const res = await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${ACME.contacts.ownedByTeamOnly.id}/view`, { token: rep.token });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      const health = (await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json().health;
      const notice = health.notices.find((n: { code: string }) => n.code === 'wrong_data_center');
      expect(notice.message).toContain('lives in its eu1 data centre');
      expect(notice.message).toContain('other accounts are not affected');
      expect(notice.whatToDo).toContain('https://api.hubapi.com');
    } finally {
      control.setHublet(ACME.portalId, null);
    }
  });

  it("a view while the portal's rate budget is spent answers at once that HubSpot is busy, with when to retry", async () => {
    // Another instance (same database) has just used the whole 10-second budget; the contact
    // was not viewed before, so nothing is cached.
    // This instance's lease from the earlier views ends first (slots an instance already leased
    // are its own to use; leases last 2 s), then the other one takes every slot left.
    await new Promise((r) => setTimeout(r, 2_100));
    const other = new RateBudget(e.db.handle.db);
    while ((await other.tryTake(String(ACME.portalId))).ok);
    const before = h.sandbox.sandbox.control.requestLog().length;
    const t0 = Date.now();
    const res = await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/contacts/${ACME.contacts.ownedByTeamOnly.id}/view`, { token: rep.token });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error).toMatchObject({ code: 'hubspot_unavailable', details: { kind: 'rate_limited', retryable: true } });
    expect(res.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
    // Nothing reached HubSpot: the budget refused before any call.
    expect(h.sandbox.sandbox.control.requestLog().slice(before)).toEqual([]);
  });
});
