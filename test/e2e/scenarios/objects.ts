import { expect } from 'vitest';
import { panelAttr, panelClick, panelFill, readPanel, spaNavigate, until, type Driver, type PanelView } from '../harness/driver';
import { connectPortal, signInApi } from '../harness/api-setup';
import { driverShot } from './shots';
import type { Stack } from '../harness/stack';
import { SEED } from '../../../backend/sandbox/seed';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';

/**
 * The panel on companies, deals and tickets (issue 20), in the acme seed portal: Evan sees every
 * contact and company but only his own deals; Oscar has no ticket access at all. `browser` names
 * the screenshots (E2E_SHOTS) of each object's panel.
 */
const acme = SEED.portals.acme;
const evan = acme.users.everything;
const oscar = acme.users.ownedOnly;
const p = acme.portalId;
const page = (type: CrmObjectTypeId, id: number) => `/contacts/${p}/record/${type}/${id}`;

/** The panel once it shows a verdict (or HubSpot's own "no access") for this record of this object. */
async function verdict(d: Driver, type: CrmObjectTypeId, id: number): Promise<PanelView> {
  return until(
    `verdict for ${type}/${id}`,
    async () => ({ view: await readPanel(d), type: await panelAttr(d, '[data-testid="portside-contact"]', 'data-object-type') }),
    ({ view, type: shown }) => shown === type && view.texts['portside-contact'] === String(id) && (view.states['portside-access'] !== undefined || view.states['portside-state'] === 'hubspot_denied'),
    15_000,
  ).then((r) => r.view);
}

/** Evan, signed in to the extension: verdicts and summaries on a company and deals, a note on his deal, in-app navigation, a legacy URL. */
export async function evanOnObjects(d: Driver, origin: string, browser: string): Promise<void> {
  // His own company: editable, with its card.
  await d.goto(`${origin}${page('0-2', 21002)}?as=${evan.userId}`);
  let v = await verdict(d, '0-2', 21002);
  expect(v.states['portside-access']).toBe('edit');
  expect(v.texts['portside-record-name']).toBe('Ember Health');
  expect(v.texts['portside-summary-domain']).toBe('ember.example');
  expect(v.texts['portside-summary-industry']).toBe('Hospital & Health Care');
  expect(v.texts['portside-summary-contacts']).toBe('2');
  await driverShot(d, `objects-${browser}-company`);

  // His own deal: editable; the amount in its currency; a note written from the panel.
  await d.goto(`${origin}${page('0-3', 22002)}?as=${evan.userId}`);
  v = await verdict(d, '0-3', 22002);
  expect(v.states['portside-access']).toBe('edit');
  expect(v.texts['portside-record-name']).toBe('Ember expansion');
  expect(v.texts['portside-summary-stage']).toBe('Contract Sent');
  expect(v.texts['portside-summary-amount']).toMatch(/48[,.\s ]?000/);
  expect(v.texts['portside-summary-amount']).toMatch(/€|EUR/);
  expect(v.texts['portside-tab-call']).toBeUndefined();
  const note = `Deal review with <b>Ember</b> (${browser})`;
  await panelFill(d, '[data-testid="portside-note-body"]', note);
  await panelClick(d, '[data-testid="portside-note-save"]');
  await until('note on the deal delivered', () => panelAttr(d, '[data-testid="portside-write"]', 'data-status'), (s) => s === 'done', 20_000);
  await driverShot(d, `objects-${browser}-deal`);
  // HubSpot's own deal page lists it in the deal's timeline, markup inert.
  await d.goto(`${origin}${page('0-3', 22002)}?as=${evan.userId}`);
  const timeline = await until('note on the sandbox deal page', () => d.textOf('[data-test-id="timeline"]'), (t) => (t ?? '').includes(note), 10_000);
  expect(timeline).toContain(note);

  // Oscar's deal: Evan is owned-only on deals. Shown as the super admin sees it in HubSpot, the
  // panel still gives Evan's own verdict, in the deal's words, and no summary.
  await d.goto(`${origin}${page('0-3', 22001)}?as=${acme.users.superAdmin.userId}`);
  v = await verdict(d, '0-3', 22001);
  expect(v.states['portside-access']).toBe('none');
  expect(v.texts['portside-access-reason']).toMatch(/HubSpot doesn't let you/);
  expect(v.texts['portside-summary']).toBeUndefined();
  await driverShot(d, `objects-${browser}-deal-denied`);

  // In-app navigation contact → company → deal in one document: the panel follows each object.
  await d.goto(`${origin}${page('0-1', 101)}?as=${evan.userId}`);
  v = await verdict(d, '0-1', 101);
  expect(v.states['portside-access']).toBe('edit');
  await spaNavigate(d, page('0-2', 21001));
  v = await verdict(d, '0-2', 21001);
  expect(v.texts['portside-record-name']).toBe('Oakwood Industries');
  await spaNavigate(d, page('0-3', 22001));
  v = await verdict(d, '0-3', 22001);
  // HubSpot itself denies Evan this deal, so Portside shows only that.
  expect(v.states['portside-state']).toBe('hubspot_denied');
  expect(v.texts['portside-summary']).toBeUndefined();

  // HubSpot's legacy deal URL.
  await d.goto(`${origin}/contacts/${p}/deal/22002?as=${evan.userId}`);
  v = await verdict(d, '0-3', 22002);
  expect(v.states['portside-access']).toBe('edit');

  // A deals list is not a record: no panel.
  await d.goto(`${origin}/contacts/${p}/objects/0-3/views/all/list?as=${evan.userId}`);
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await readPanel(d)).present).toBe(false);
}

/** Oscar has no ticket access: HubSpot shows its access-denied page, so the panel shows only that; and a company verdict for him. */
export async function oscarOnTicket(d: Driver, origin: string, browser: string): Promise<void> {
  await d.goto(`${origin}${page('0-5', 23001)}?as=${oscar.userId}`);
  const v = await verdict(d, '0-5', 23001);
  expect(v.states['portside-state']).toBe('hubspot_denied');
  expect(v.texts['portside-state']).toMatch(/no access to this ticket/);
  await driverShot(d, `objects-${browser}-ticket-denied`);
}

/** Evan's ticket (23003, his own): the ticket card with the portal's priority label. */
export async function evanOnTicket(d: Driver, origin: string, browser: string): Promise<void> {
  await d.goto(`${origin}${page('0-5', 23003)}?as=${evan.userId}`);
  const v = await verdict(d, '0-5', 23003);
  expect(v.states['portside-access']).toBe('edit');
  expect(v.texts['portside-record-name']).toBe('Feature request: exports');
  expect(v.texts['portside-summary-priority']).toBe('Low');
  await driverShot(d, `objects-${browser}-ticket`);
}

async function getJson(stack: Stack, path: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * Oscar's ticket verdicts through the API: HubSpot's permission API refuses him; with that API
 * unavailable (a lasting 404) and his admin-mirrored ticket access "none", the fallback says so.
 */
export async function oscarTicketVerdicts(stack: Stack, adminToken: string): Promise<void> {
  const token = await signInApi(stack, oscar.email);
  const first = await getJson(stack, `/api/v1/portals/${p}/objects/0-5/23001/view`, token);
  expect(first.status).toBe(200);
  const access = first.body.access as { canView: { allowed: boolean; code: string; message: string } };
  expect(access.canView).toMatchObject({ allowed: false, code: 'not_permitted_by_hubspot' });
  expect(access.canView.message).toMatch(/HubSpot doesn't let you/);
  expect(first.body.summary).toBeNull();

  const members = await getJson(stack, '/api/v1/identity/members', adminToken);
  const oscarId = (members.body.members as Array<{ memberId: string; email: string }>).find((m) => m.email === oscar.email)!.memberId;
  const set = await getJson(stack, `/api/v1/identity/members/${oscarId}/permissions/0-5`, adminToken, { method: 'PUT', body: JSON.stringify({ access: 'none' }) });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  const fault = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'GET', path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 404 }),
  });
  expect(fault.status).toBe(201);
  try {
    const fallback = await getJson(stack, `/api/v1/portals/${p}/objects/0-5/23002/view`, token);
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(200);
    const verdict = (fallback.body.access as { canView: { allowed: boolean; code: string; message: string } }).canView;
    expect(verdict).toMatchObject({ allowed: false, code: 'object_not_permitted' });
    expect(verdict.message).toMatch(/no access to tickets/);
  } finally {
    await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
  }
}

/** The admin reconnects HubSpot without the deals scopes (as for a portal whose subscription lacks them). */
export async function reconnectWithoutDeals(stack: Stack, adminToken: string): Promise<void> {
  await connectPortal(stack, adminToken, acme.portalId, acme.users.superAdmin.userId, { reconnect: true, withhold: ['crm.objects.deals.read', 'crm.objects.deals.write'] });
}

/** Without deals: a rep's contact panel still works; a deal's says deals are not connected and who can add them (the admin: how). */
export async function withoutDeals(d: Driver, origin: string, browser: string, who: 'rep' | 'admin'): Promise<void> {
  const viewer = who === 'rep' ? evan.userId : acme.users.superAdmin.userId;
  if (who === 'rep') {
    await d.goto(`${origin}${page('0-1', 105)}?as=${viewer}`);
    const contact = await verdict(d, '0-1', 105);
    expect(contact.states['portside-access'], contact.texts['portside-access']).toBe('edit');
    expect(contact.texts['portside-contact-name']).toBeTruthy();
  }
  await d.goto(`${origin}${page('0-3', 22002)}?as=${viewer}`);
  const v = await until(
    'deals not connected',
    () => readPanel(d),
    (x) => x.states['portside-state'] === 'object_unavailable' && x.texts['portside-contact'] === '22002',
    15_000,
  );
  expect(v.texts['portside-state']).toMatch(/Deals aren't connected to Portside/);
  if (who === 'admin') {
    expect(v.texts['portside-state']).toMatch(/Reconnect HubSpot from Portside's options to add deals/);
    expect(v.texts['portside-action']).toBe('Reconnect in options');
  } else {
    expect(v.texts['portside-state']).toMatch(/Ask your Portside admin to reconnect HubSpot with deals/);
  }
  await driverShot(d, `objects-${browser}-deals-unavailable-${who}`);
}
