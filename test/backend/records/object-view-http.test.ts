import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { ObjectRecordView } from '../../../lib/contract/api/records';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { createWorkspace } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { ACME } from './harness';
import { startViewApp, type ViewApp } from './http-app';

/**
 * `GET /api/v1/portals/:p/objects/:type/:id/view` over HTTP against the sandbox, per object:
 * the summary's fields and labels (pipeline and stage by pipeline, industry and priority from the
 * portal's definitions, the amount in the deal's currency or else the company currency, the
 * associated contacts HubSpot counts), verdicts per object (Evan sees every contact but only his
 * own deals), a missing object scope (409 before any HubSpot call), and the label reads running
 * beside the record read rather than after it.
 */

type Key = 'superAdmin' | 'everything' | 'ownedOnly';
const password = () => `pw-${randomBytes(6).toString('hex')}`;
const U = ACME.users;

describeEngines('object record view over HTTP', (e) => {
  let v: ViewApp;
  const s = {} as Record<Key, SessionResponse>;

  async function view(who: Key, type: string, id: string | number) {
    const res = await fetch(`${v.url}/api/v1/portals/${ACME.portalId}/objects/${type}/${id}/view`, { headers: { authorization: `Bearer ${s[who].token}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  }
  async function ok(who: Key, type: string, id: string | number) {
    const r = await view(who, type, id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return ObjectRecordView.parse(r.body);
  }
  const sandboxToken = () => v.sandbox.sandbox.control.install(ACME.portalId, U.superAdmin.userId).access_token;

  beforeAll(async () => {
    v = await startViewApp(e.db);
    s.superAdmin = await createWorkspace(v.app, { workspaceName: 'Acme', email: U.superAdmin.email, password: password() });
    const admin = s.superAdmin.token;
    const call = async (method: string, path: string, body: unknown, token: string | null = admin) => {
      const res = await fetch(`${v.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      expect(res.status, path).toBeLessThan(300);
      return res.json();
    };
    v.install(s.superAdmin.workspace.id, ACME.portalId, U.superAdmin.userId);
    for (const key of ['everything', 'ownedOnly'] as const) {
      const inv = (await call('POST', '/api/v1/members', { email: U[key].email, role: 'member' })) as InviteCreatedResponse;
      s[key] = (await call('POST', '/api/v1/invites/accept', { code: inv.invite.code, password: password() }, null)) as SessionResponse;
    }
    for (const key of ['superAdmin', 'everything', 'ownedOnly'] as const) await call('PUT', `/api/v1/identity/members/${s[key].member.id}/link`, { hubspotUserId: String(U[key].userId) });
  });
  afterAll(async () => {
    await v?.close();
  });

  // First in the file, so the ticket labels are not cached yet.
  it('labels are read beside the record, not after it: a cold ticket view costs one HubSpot round trip of latency', async () => {
    const control = v.sandbox.sandbox.control;
    control.setGlobalLatency(500);
    try {
      const before = control.requestLog().length;
      const t0 = performance.now();
      const ticket = await ok('superAdmin', '0-5', 23001);
      const ms = performance.now() - t0;
      expect(ticket.summary).toMatchObject({ stage: { id: '1', label: 'New' }, priority: { id: 'HIGH', label: 'High' } });
      const paths = control.requestLog().slice(before).map((r) => r.path.split('?')[0]);
      expect(paths).toEqual(expect.arrayContaining(['/crm/v3/objects/tickets/23001', '/crm/v3/pipelines/tickets', '/crm/v3/properties/tickets/hs_ticket_priority']));
      // One round trip is 500 ms; a label read after the record read would make it 1,000 ms or more.
      expect(ms).toBeLessThan(900);
    } finally {
      control.setGlobalLatency(0);
    }
  });

  it('a company: industry label, owner, the associated contacts HubSpot counts', async () => {
    const company = await ok('everything', '0-2', 21002);
    expect(company).toMatchObject({ portalId: String(ACME.portalId), objectType: '0-2', recordId: '21002', access: { canView: { allowed: true }, canEdit: { allowed: true } } });
    expect(company.summary).toEqual({
      object: 'company',
      id: '21002',
      name: 'Ember Health',
      domain: 'ember.example',
      industry: { id: 'HOSPITAL_HEALTH_CARE', label: 'Hospital & Health Care' },
      owner: { id: String(U.everything.ownerId), name: 'Evan Everything' },
      associatedContacts: 2,
      updatedAt: expect.any(String),
    });
  });

  it('a deal: pipeline and stage labels, its EUR amount; someone else’s deal is refused with no summary', async () => {
    const deal = await ok('everything', '0-3', 22002);
    expect(deal.summary).toMatchObject({
      object: 'deal',
      name: 'Ember expansion',
      pipeline: { id: 'default', label: 'Sales Pipeline' },
      stage: { id: 'contractsent', label: 'Contract Sent' },
      amount: { value: '48000', currency: 'EUR' },
      closeDate: '2024-02-15T00:00:00Z',
      owner: { id: String(U.everything.ownerId), name: 'Evan Everything' },
    });
    expect(deal.access.canEdit.allowed).toBe(true);
    // Evan sees every contact but only his own deals: Oscar's deal is HubSpot's refusal.
    const other = await ok('everything', '0-3', 22001);
    expect(other).toMatchObject({ access: { canView: { allowed: false, code: 'not_permitted_by_hubspot' } }, summary: null });
  });

  it('a stage id is labelled within its own pipeline', async () => {
    const deal = await ok('superAdmin', '0-3', 22003);
    expect(deal.summary).toMatchObject({ pipeline: { id: '811122', label: 'Enterprise deals' }, stage: { id: '811124', label: 'Negotiation' }, amount: { value: '250000', currency: 'USD' } });
  });

  it('a deal without its own currency is in the portal’s company currency', async () => {
    const res = await fetch(`${v.sandbox.url}/crm/v3/objects/deals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandboxToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { dealname: 'No currency', pipeline: 'default', dealstage: 'qualifiedtobuy', amount: '1250.50', hubspot_owner_id: String(U.everything.ownerId) } }),
    });
    const created = (await res.json()) as { id: string };
    const deal = await ok('everything', '0-3', created.id);
    expect(deal.summary).toMatchObject({ name: 'No currency', amount: { value: '1250.50', currency: 'USD' }, stage: { label: 'Qualified To Buy' } });
  });

  it('a ticket without an owner: priority label from the portal, pipeline and stage labels', async () => {
    const ticket = await ok('superAdmin', '0-5', 23002);
    expect(ticket.summary).toEqual({
      object: 'ticket',
      id: '23002',
      subject: 'Invoice question',
      pipeline: { id: '0', label: 'Support Pipeline' },
      stage: { id: '2', label: 'Waiting on contact' },
      priority: { id: 'MEDIUM', label: 'Medium' },
      owner: null,
      updatedAt: expect.any(String),
    });
  });

  it('a contact through the object route is the contact summary, tagged', async () => {
    const contact = await ok('ownedOnly', '0-1', 101);
    expect(contact.summary).toMatchObject({ object: 'contact', id: '101', firstName: 'Olivia', owner: { id: String(U.ownedOnly.ownerId), name: 'Oscar Owned' } });
  });

  it('an object the install was not granted is 409 object_not_available, before any HubSpot call', async () => {
    const install = v.installs.byWorkspace.get(s.superAdmin.workspace.id)!;
    const granted = install.scopes;
    install.scopes = granted.filter((x) => !x.startsWith('crm.objects.deals.'));
    try {
      const before = v.sandbox.sandbox.control.requestLog().length;
      const r = await view('everything', '0-3', 22002);
      expect(r.status).toBe(409);
      expect(ApiErrorBody.parse(r.body).error).toMatchObject({ code: 'object_not_available', details: { objectType: '0-3', missingScopes: ['crm.objects.deals.read'], reconnect: true } });
      expect(v.sandbox.sandbox.control.requestLog().slice(before)).toEqual([]);
      // Contacts still work.
      expect((await view('everything', '0-1', 101)).status).toBe(200);
    } finally {
      install.scopes = granted;
    }
  });
});
