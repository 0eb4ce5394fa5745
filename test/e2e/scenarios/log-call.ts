import { expect } from 'vitest';
import { panelAttr, panelClick, panelFill, readPanel, until, type Driver } from '../harness/driver';
import type { Stack } from '../harness/stack';
import { driverShot } from './shots';
import { SEED } from '../../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const oscar = acme.users.ownedOnly;
const own = acme.contacts.ownedByOwnedOnly;
/** Acme's own outcome, not one of HubSpot's defaults: the panel offers what the portal has. */
const BOOKED_A_DEMO = 'c0ffee00-5eed-4c0a-9a11-ac0e00000001';

/**
 * Issue 19.4's proof: a rep logs a call from the panel's Call tab (direction, the portal's custom outcome, notes); it
 * is delivered to HubSpot's calls object, shows on HubSpot's contact page with its direction and
 * outcome, and the admin's audit export holds its delivery as crm.call.create.
 */
export async function logCall(d: Driver, stack: Stack, origin: string, adminToken: string, browser = 'chromium') {
  const text = `Inbound call ${Date.now()}: asked for <b>pricing</b>`;
  const recordUrl = `${origin}/contacts/${acme.portalId}/record/0-1/${own.id}?as=${oscar.userId}`;
  await d.goto(recordUrl);
  await until('edit verdict', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (s) => s === 'edit', 15_000);

  await panelClick(d, '[data-testid="portside-tab-call"]');
  await panelClick(d, '[data-testid="portside-call-inbound"]');
  await panelFill(d, '[data-testid="portside-call-outcome"]', BOOKED_A_DEMO);
  await panelFill(d, '[data-testid="portside-call-body"]', text);
  await driverShot(d, `log-call-form.${browser}`);
  await panelClick(d, '[data-testid="portside-call-save"]');
  await until('call delivered', () => panelAttr(d, '[data-testid="portside-accepted"]', 'data-status'), (s) => s === 'done', 20_000);
  expect((await readPanel(d)).texts['portside-writes']).toContain('Call (inbound)');
  await driverShot(d, `log-call-delivered.${browser}`);

  const calls = stack.sandbox.sandbox.control.calls(acme.portalId, String(own.id));
  expect(calls).toHaveLength(1);
  expect(calls[0]!.properties).toMatchObject({ hs_call_direction: 'INBOUND', hs_call_disposition: BOOKED_A_DEMO, hubspot_owner_id: String(oscar.ownerId) });

  // HubSpot's own contact page shows it, the rep's markup inert.
  await d.goto(recordUrl);
  const shown = await until('call on the contact page', () => d.textOf('[data-test-id="call"]'), (t) => t !== null, 15_000);
  expect(shown).toContain(text);
  expect(shown).toContain('Inbound');
  expect(shown).toContain('Booked a demo');
  await driverShot(d, `log-call-hubspot-page.${browser}`);

  const res = await fetch(`${stack.server.url}/api/v1/audit/export?format=jsonl`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  const rows = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { action: string; result: string; details: { hubspotObjectId?: string; direction?: string } | string });
  const detailsOf = (r: (typeof rows)[number]) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { hubspotObjectId?: string; direction?: string };
  const delivered = rows.filter((r) => r.action === 'crm.call.create' && r.result === 'ok');
  expect(delivered).toHaveLength(1);
  expect(detailsOf(delivered[0]!)).toMatchObject({ hubspotObjectId: calls[0]!.id, direction: 'INBOUND' });
}
