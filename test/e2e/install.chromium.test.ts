import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { continueAndConsent, createWorkspaceInOptions, installThroughConsent, openStartTab } from './harness/journeys';
import { SANDBOX_APP, SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const free = SEED.portals.free;

/**
 * Issue 5's journey: an admin connects HubSpot once from the options page; since issue 14 the
 * admin's own extension finishes it (the start page's button, consent, then the extension hands
 * HubSpot's answer back and shows the result in the install tab). A refused or cancelled consent
 * sends nothing back, as on HubSpot (issue 17): the options page explains the silence. A start
 * link forwarded to another browser connects nothing.
 */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('portal install in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    // A short wait before a start with no answer is explained, so the journey need not sit for 2 minutes.
    stack = await startStack({ env: { INSTALL_NO_ANSWER_SECONDS: '10' } });
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a refused install never comes back: HubSpot says why on its page, the options page explains the silence, and a late approval still connects', async () => {
    const options = await browser.optionsPage();
    await createWorkspaceInOptions(options, stack);
    const tab = await openStartTab(browser.context, options, 'connect-hubspot');
    await continueAndConsent(tab, free.users.member.userId);
    // HubSpot's own page says why, and nothing is sent to Portside's redirect URI.
    expect(await tab.locator('[data-test-id="oauth-error-message"]').textContent()).toContain('You do not have the correct role to grant these permissions');
    expect(tab.url()).not.toContain('/install/callback');
    expect(await options.getByTestId('install-waiting').count()).toBe(1);
    // After INSTALL_NO_ANSWER_SECONDS the card explains the likely causes, with the diagnostics, while still listening.
    const result = options.getByTestId('install-result');
    await expect.poll(() => result.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('not_returned');
    expect(await result.textContent()).toMatch(/not a Super Admin.*subscription does not include a permission.*cancelled or its tab closed/s);
    const diagnostics = await options.getByTestId('diagnostics-text').textContent();
    expect(diagnostics).toContain('crm.objects.contacts.read');
    expect(diagnostics).not.toContain(SANDBOX_APP.clientSecret);
    expect(await options.getByTestId('install-retry').count()).toBe(1);
    expect(await options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    // A Super Admin approves in the same HubSpot tab after all: the card follows and shows the connection.
    await tab.goBack();
    await tab.locator(`[data-test-id="install-as-${free.users.superAdmin.userId}"]`).check();
    await tab.locator('[data-test-id="connect-app"]').click();
    await tab.waitForURL(/\/options\.html#install=/, { timeout: 15_000 });
    await tab.close();
    await expect.poll(() => result.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await options.getByTestId('disconnect-hubspot').click();
    await options.getByTestId('disconnect-confirm').click();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');

    // A cancelled consent: the same silence, and "Try again" opens a fresh start tab.
    const cancelled = await openStartTab(browser.context, options, 'connect-hubspot');
    await continueAndConsent(cancelled, acme.users.superAdmin.userId, 'cancel');
    expect(await cancelled.locator('[data-test-id="oauth-cancelled"]').count()).toBe(1);
    await cancelled.close();
    await expect.poll(() => options.getByTestId('install-result').getAttribute('data-outcome'), { timeout: 30_000 }).toBe('not_returned');
    const retried = browser.context.waitForEvent('page');
    await options.getByTestId('install-retry').click();
    const fresh = await retried;
    await fresh.locator('[data-test-id="continue-to-hubspot"]').waitFor();
    await fresh.close();
    await expect.poll(() => options.getByTestId('install-waiting').count()).toBe(1);
    await options.close();
  });

  it('a super admin connects the portal; disconnect and reconnect work', async () => {
    const options = await browser.optionsPage();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    const tab = await installThroughConsent(browser.context, options, 'connect-hubspot', acme.users.superAdmin.userId);
    await expect.poll(() => tab.getByTestId('install-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('connected');
    // Alice approved as herself (HubSpot's super admin has her email): nothing to warn about.
    expect(await tab.getByTestId('installer-mismatch').count()).toBe(0);
    await tab.close();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(await options.getByTestId('install-health').textContent()).toContain(String(acme.portalId));
    expect(await options.getByTestId('install-health').textContent()).toContain(acme.users.superAdmin.email);

    await options.getByTestId('disconnect-hubspot').click();
    await options.getByTestId('disconnect-confirm').click();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');

    // This time Mara (App Marketplace access) approves: connected, and Alice is told it was not her.
    const again = await installThroughConsent(browser.context, options, 'connect-hubspot', acme.users.marketplace.userId);
    await expect.poll(() => again.getByTestId('install-result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('connected');
    expect(await again.getByTestId('installer-mismatch').textContent()).toContain(`Installed by HubSpot user ${acme.users.marketplace.email}`);
    await again.close();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    // Nothing secret ever reaches the extension's pages.
    const html = await options.content();
    expect(html).not.toContain(SANDBOX_APP.clientSecret);
    await options.close();
  });

  it('a start link forwarded to another browser (no extension) connects nothing and says so', async () => {
    const options = await browser.optionsPage();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('connected');
    await options.getByTestId('disconnect-hubspot').click();
    await options.getByTestId('disconnect-confirm').click();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    const tab = await openStartTab(browser.context, options, 'connect-hubspot');
    const startUrl = tab.url();
    await tab.close();

    const other = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await (await other.newContext()).newPage();
      await page.goto(startUrl);
      expect(await page.locator('[data-test-id="start-workspace"]').textContent()).toBe('Acme Sales');
      await continueAndConsent(page, acme.users.superAdmin.userId);
      await expect.poll(() => page.locator('body').textContent()).toContain('nothing was connected');
      expect(page.url()).toContain('/install/callback');
    } finally {
      await other.close();
    }
    await options.reload();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    await options.close();
  });
});
