import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

/** Where a page is; BiDi reports extension pages' URLs as about:blank, so ask the page itself. */
const hrefOf = (p: Page) => p.evaluate(() => location.href).catch(() => '');

/**
 * The install journey in Firefox: the admin's own extension opens the start link, the admin
 * presses "Continue to HubSpot" and approves on the sandbox consent page, and the extension hands
 * HubSpot's answer back and shows the connected card.
 */
// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('portal install in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    await createWorkspace(stack, acme.users.superAdmin.email);
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an admin connects HubSpot through the extension: start page button, consent, back to a connected card', async () => {
    const optionsPage = await browser.optionsPage();
    const options = puppeteerDriver(optionsPage);
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, acme.users.superAdmin.email);
    const state = () => options.evaluate(() => document.querySelector('[data-testid="install-state"]')?.getAttribute('data-state') ?? null, null);
    await until('install state', state, (s) => s === 'not_connected');

    const before = new Set(await browser.browser.pages());
    await options.click('[data-testid="connect-hubspot"]');
    const tab = await until(
      'the start page tab',
      async () => {
        for (const p of await browser.browser.pages()) if (!before.has(p) && (await hrefOf(p)).includes('/install/start?ticket=')) return p;
        return null;
      },
      (p) => p !== null,
      15_000,
    );
    const start = puppeteerDriver(tab!);
    expect(await until('start page', () => start.textOf('[data-test-id="start-workspace"]'), (t) => t !== null)).toBe('Acme Sales');
    expect(await start.textOf('[data-test-id="start-admin"]')).toContain(acme.users.superAdmin.email);
    await start.click('[data-test-id="continue-to-hubspot"]');
    await start.click(`[data-test-id="install-as-${acme.users.superAdmin.userId}"]`);
    await start.click('[data-test-id="connect-app"]');

    // The extension finishes and sends the install tab to its options page, which shows the result.
    await until('install tab on the options page', () => hrefOf(tab!), (h) => h.startsWith('moz-extension://') && h.includes('#install='), 15_000);
    const outcome = await until(
      'result in the install tab',
      () => start.evaluate(() => document.querySelector('[data-testid="install-result"]')?.getAttribute('data-outcome') ?? null, null),
      (o) => o !== null,
      15_000,
    );
    expect(outcome).toBe('connected');
    await until('connected card', state, (s) => s === 'connected', 15_000);
    expect(await options.textOf('[data-testid="install-health"]')).toContain(String(acme.portalId));
    await tab!.close();
    await optionsPage.close();
  });
});
