import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { acceptInvite, createWorkspace } from './harness/api-setup';
import { installThroughConsent } from './harness/journeys';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const alice = acme.users.superAdmin;
const oscar = acme.users.ownedOnly;

const marksDocument = (p: Page) => p.evaluate(() => void ((window as unknown as Record<string, unknown>).__portsideSameDocument = true));
const sameDocument = (p: Page) => p.evaluate(() => (window as unknown as Record<string, unknown>).__portsideSameDocument === true);

/**
 * Issue 15.4: the admin's cards follow what happens elsewhere without a reload — before HubSpot is
 * connected they say to connect it (not an error); connecting in another tab fills them; a rep
 * accepting an invite shows up under People when the admin comes back to the page.
 */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('options cards in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    await createWorkspace(stack, alice.email);
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('People and Properties follow the connection and a new member without a reload', async () => {
    const options = await browser.optionsPage();
    const d = playwrightDriver(options);
    await setBackendUrlInOptions(d, stack.backendUrl);
    await signInInOptions(d, alice.email);
    await marksDocument(options);
    const people = options.getByTestId('identity-card');
    const properties = options.getByTestId('properties-card');
    const pipelines = options.getByTestId('pipeline-access-card');

    // Not connected yet: a hint in both cards, no error.
    await expect.poll(() => people.getByTestId('card-not-connected').count()).toBe(1);
    await expect.poll(() => properties.getByTestId('card-not-connected').count()).toBe(1);
    expect(await people.getByRole('alert').count()).toBe(0);
    expect(await properties.getByRole('alert').count()).toBe(0);
    await expect.poll(() => pipelines.getByTestId('card-not-connected').count()).toBe(1);

    // Connected through the extension, in the tab it opens; this page is not reloaded.
    const tab = await installThroughConsent(browser.context, options, 'connect-hubspot', alice.userId);
    await expect.poll(() => tab.getByTestId('install-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('connected');
    await tab.close();
    await options.bringToFront();
    await expect.poll(() => people.textContent(), { timeout: 15_000 }).toContain(`Portal ${acme.portalId}`);
    await expect.poll(() => people.locator(`[data-testid="identity-row"][data-email="${alice.email}"]`).count()).toBe(1);
    expect(await people.getByTestId('card-not-connected').count()).toBe(0);
    await expect.poll(() => properties.getByTestId('allow-phone').count()).toBe(1);
    expect(await properties.getByTestId('card-not-connected').count()).toBe(0);
    // Issue 20: the objects the install opens, and the portal's deal pipelines for the fallback's rules.
    const objects = options.getByTestId('hubspot-card').getByTestId('objects-available');
    await expect.poll(() => objects.textContent()).toContain('Deals: available.');
    expect(await objects.textContent()).toContain('Tickets: available.');
    await expect.poll(() => pipelines.getByTestId('pipeline-811122').count()).toBe(1);
    expect(await pipelines.getByTestId('pipelines-unrestricted').isChecked()).toBe(false);
    expect(await pipelines.getByRole('alert').count()).toBe(0);

    // An invite made here lists the rep at once, not yet provable as anyone in HubSpot.
    const invite = options.getByTestId('invite-form');
    await invite.getByLabel('Email').fill(oscar.email);
    await invite.getByRole('button', { name: 'Invite' }).click();
    const code = (await options.getByTestId('invite-code').textContent())!.trim();
    const row = people.locator(`[data-testid="identity-row"][data-email="${oscar.email}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('identity-confirm').count()).toBe(0);

    // The rep accepts elsewhere. This page learns of it when it is looked at again, not before.
    await acceptInvite(stack, code);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await row.getByTestId('identity-confirm').count()).toBe(0);
    const other = await browser.context.newPage();
    await other.bringToFront();
    await other.close();
    await options.bringToFront();
    // Headless windows may not change visibility when tabs switch, so the page is also told as a browser would.
    await options.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => row.getByTestId('identity-confirm').count(), { timeout: 15_000 }).toBe(1);
    // Accepting does not prove the email (sign-in codes do), so the match is offered with that caveat.
    expect(await row.textContent()).toContain(`Matches ${oscar.firstName} ${oscar.lastName}`);
    expect(await sameDocument(options)).toBe(true);
  });
});
