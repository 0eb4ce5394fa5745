import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { panelAttr, panelClick, panelFill, until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace, setEditableProperties, signInApi } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const oscar = acme.users.ownedOnly;
const own = acme.contacts.ownedByOwnedOnly.id;
const others = acme.contacts.ownedByTeamOnly.id;

/** Issue 7's journey: a rep changes HubSpot from the panel; the backend writes with the portal token. */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('CRM writes in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, oscar.email);
    await setEditableProperties(stack, admin, ['phone', 'jobtitle']);
    browser = await launchChromium(stack.webPort);
    const options = playwrightDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, oscar.email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a rep adds a note and a task and edits a property, and sees them in HubSpot', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://app.hubspot.com/contacts/${acme.portalId}/record/0-1/${own}?as=${oscar.userId}`);
    const d = playwrightDriver(page);
    const first = (name: string) => () => panelAttr(d, '[data-testid="portside-write"]', name);
    const listed = (n: number) => until(`${n} writes listed`, () => d.inPanel((root) => root.querySelectorAll('[data-testid="portside-write"]').length, null), (c) => c === n, 20_000);
    await until('edit verdict', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (s) => s === 'edit', 15_000);

    await panelFill(d, '[data-testid="portside-note-body"]', 'Called <b>Olivia</b>: wants a demo next week');
    await panelClick(d, '[data-testid="portside-note-save"]');
    await listed(1);
    await until('note delivered', first('data-status'), (s) => s === 'done', 20_000);

    await panelClick(d, '[data-testid="portside-tab-task"]');
    await panelFill(d, '[data-testid="portside-task-subject"]', 'Send the demo invite');
    await panelClick(d, '[data-testid="portside-task-save"]');
    await listed(2);
    await until('task delivered', first('data-status'), (s) => s === 'done', 20_000);

    await panelClick(d, '[data-testid="portside-tab-properties"]');
    // The form starts from HubSpot's current value.
    expect(await until('job title field', () => panelAttr(d, '[data-testid="portside-prop-jobtitle"]', 'value'), (v) => v !== null)).toBe(acme.contacts.ownedByOwnedOnly.properties.jobtitle);
    await panelFill(d, '[data-testid="portside-prop-jobtitle"]', 'Head of Buying');
    await panelClick(d, '[data-testid="portside-properties-save"]');
    await listed(3);
    await until('property change delivered', first('data-status'), (s) => s === 'done', 20_000);

    // HubSpot's own page shows all three, attributed to the rep, with the note's markup inert.
    await page.reload();
    await expect.poll(() => page.locator('[data-test-id="note"]').count()).toBe(1);
    expect(await page.locator('[data-test-id="note"]').textContent()).toContain('Called <b>Olivia</b>');
    expect(await page.locator('[data-test-id="task"]').textContent()).toContain('Send the demo invite');
    expect(await page.locator('[data-test-id="record-sidebar"]').textContent()).toContain('Head of Buying');
    const notes = stack.sandbox.sandbox.state.portals.get(acme.portalId)!;
    expect(JSON.stringify([...notes.notes.values()].map((n) => n.properties.hubspot_owner_id))).toContain(String(oscar.ownerId));
    await page.close();
  });

  it("an owned-only rep cannot write to another rep's contact, even by hand", async () => {
    const token = await signInApi(stack, oscar.email);
    const before = stack.sandbox.sandbox.control.counters();
    const res = await fetch(`${stack.server.url}/api/v1/portals/${acme.portalId}/contacts/${others}/writes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'by-hand-attempt-0001' },
      body: JSON.stringify({ kind: 'note', body: 'sneaky' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    await new Promise((r) => setTimeout(r, 1500));
    const after = stack.sandbox.sandbox.control.counters();
    expect(after.writes).toEqual(before.writes);
  });
});
