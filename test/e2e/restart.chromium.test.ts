import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { panelAttr, panelClick, panelFill, readPanel, until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const oscar = acme.users.ownedOnly;
const own = acme.contacts.ownedByOwnedOnly.id;
const NOTE = 'Before the restart: Olivia asked for pricing';

/**
 * Issue 15.10: stopping and starting the backend with its embedded sandbox on the same DATA_DIR
 * keeps the demo — the install stays connected (the sandbox still knows the tokens the database
 * holds), the rep's extension keeps its session (same server address), and HubSpot keeps the note.
 */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('a backend restart in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack();
    admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, oscar.email);
    browser = await launchChromium(stack.webPort);
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);
    await signInInOptions(playwrightDriver(options), oscar.email);
    await options.close();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the panel shows the verdict again after the restart, and the note saved before it is still in HubSpot', async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    const url = `https://app.hubspot.com/contacts/${acme.portalId}/record/0-1/${own}?as=${oscar.userId}`;
    await page.goto(url);
    await until('edit verdict before the restart', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (s) => s === 'edit', 15_000);
    await panelFill(d, '[data-testid="portside-note-body"]', NOTE);
    await panelClick(d, '[data-testid="portside-note-save"]');
    await until('note delivered', () => panelAttr(d, '[data-testid="portside-write"]', 'data-status'), (s) => s === 'done', 20_000);
    const backendUrl = stack.backendUrl;

    await stack.restart();
    expect(stack.backendUrl).toBe(backendUrl);

    await page.reload();
    const view = await until('a verdict after the restart', () => readPanel(d), (v) => v.texts['portside-contact'] === String(own) && (v.states['portside-state'] ?? 'loading') !== 'loading', 20_000);
    expect(view.states['portside-state'], 'not "needs reconnect", nor signed out').toBe('ready');
    await until('edit verdict after the restart', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (s) => s === 'edit', 10_000);
    const install = await fetch(`${stack.server.url}/api/v1/install`, { headers: { authorization: `Bearer ${admin}` } });
    expect(((await install.json()) as { state: string }).state).toBe('connected');
    // HubSpot's own record page (the restarted sandbox) still has the note.
    await expect.poll(() => page.locator('[data-test-id="note"]').count()).toBe(1);
    expect(await page.locator('[data-test-id="note"]').textContent()).toContain(NOTE);
    await page.close();
  });
});
