import { expect } from 'vitest';
import { panelAttr, panelClick, panelFill, readPanel, until, type Driver } from '../harness/driver';
import { CONTACT_SNAPSHOT_TTL_MS } from '../../../lib/contract/api/records';
import type { Stack } from '../harness/stack';
import { SEED } from '../../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const oscar = acme.users.ownedOnly;
const own = acme.contacts.ownedByOwnedOnly;
const NEW_PHONE = '+1 555 0142 77';
// The label HubSpot (the sandbox's property definitions) gives `phone`; Recent changes uses it.
const PHONE_LABEL = 'Phone Number';
// The path the backend's delivery writes property changes to (services/delivery/hubspot-writes.ts).
const UPDATE_PATH = '/crm/v3/objects/contacts/batch/update';

const summaryPhone = (d: Driver) => readPanel(d).then((v) => v.texts['portside-summary-phone'] ?? null);

/**
 * Issue 15.3: after a rep saves a property, the panel shows the value they saved everywhere —
 * marked while HubSpot does not have it yet, then unmarked, and still there after the panel's own
 * refresh of the view (once the backend's contact snapshot is stale). No page reload anywhere.
 */
export async function valuesAfterSave(d: Driver, stack: Stack, origin: string) {
  expect(own.properties.phone).not.toBe(NEW_PHONE);
  await d.goto(`${origin}/contacts/${acme.portalId}/record/0-1/${own.id}?as=${oscar.userId}`);
  await until('edit verdict', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (s) => s === 'edit', 15_000);
  // Marks the document: a reload would lose it, and the last check asserts it is still there.
  await d.evaluate(() => void ((window as unknown as Record<string, unknown>).__portsideSameDocument = true), null);

  // Slows HubSpot's acceptance of the change so the "not yet" state is observable, not a race.
  const latency = stack.sandbox.sandbox.control.addLatency({ method: 'POST', path: UPDATE_PATH, ms: 2500, times: 1 });
  expect(latency.remaining).toBe(1);

  await panelClick(d, '[data-testid="portside-tab-properties"]');
  await until('phone field from HubSpot', () => panelAttr(d, '[data-testid="portside-prop-phone"]', 'value'), (v) => v === own.properties.phone);
  await panelFill(d, '[data-testid="portside-prop-phone"]', NEW_PHONE);
  await panelClick(d, '[data-testid="portside-properties-save"]');

  // Accepted, not yet delivered: the summary already shows the saved value, marked.
  const accepted = await until('accepted line', () => panelAttr(d, '[data-testid="portside-accepted"]', 'data-status'), (s) => s !== null);
  expect(accepted).toBe('pending');
  const pendingLine = await readPanel(d);
  expect(pendingLine.texts['portside-accepted']).toMatch(/saved — sending to HubSpot/);
  const marked = await until('summary shows the saved phone', () => summaryPhone(d), (t) => t?.startsWith(NEW_PHONE) === true);
  expect(marked).toContain('saved, not yet in HubSpot');

  // Delivered: the accepted line says so, and the mark goes.
  await until('accepted line done', () => panelAttr(d, '[data-testid="portside-accepted"]', 'data-status'), (s) => s === 'done', 20_000);
  expect((await readPanel(d)).texts['portside-accepted']).toMatch(/is in HubSpot\.$/);
  expect(await until('summary unmarked', () => summaryPhone(d), (t) => t === NEW_PHONE)).toBe(NEW_PHONE);
  expect(await panelAttr(d, '[data-testid="portside-prop-phone"]', 'value')).toBe(NEW_PHONE);
  expect(stack.sandbox.sandbox.state.portals.get(acme.portalId)!.contacts.get(String(own.id))!.properties.phone).toBe(NEW_PHONE);

  // After the backend's snapshot goes stale the panel reloads the view itself; the new value
  // then comes from HubSpot, with no mark, and Recent changes names the property by its label.
  const contactReads = () => stack.sandbox.sandbox.control.requestLog().filter((r) => r.path === '/crm/v3/objects/contacts/batch/read' || r.path.startsWith('/crm/v3/objects/contacts/')).length;
  const readsBefore = contactReads();
  await new Promise((r) => setTimeout(r, CONTACT_SNAPSHOT_TTL_MS + 1500));
  expect(contactReads(), 'the panel had the view read from HubSpot again by itself').toBeGreaterThan(readsBefore);
  const after = await readPanel(d);
  expect(after.texts['portside-summary-phone']).toBe(NEW_PHONE);
  expect(after.texts['portside-writes']).toContain(PHONE_LABEL);
  expect(after.texts['portside-writes']).not.toMatch(/\bphone\b/);
  expect(await panelAttr(d, '[data-testid="portside-prop-phone"]', 'value')).toBe(NEW_PHONE);
  expect(await d.evaluate(() => (window as unknown as Record<string, unknown>).__portsideSameDocument === true, null)).toBe(true);
}
