import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { createWorkspaceInOptions, installThroughConsent } from './harness/journeys';
import { SANDBOX_APP, SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const free = SEED.portals.free;

/** Issue 5's journey: an admin connects HubSpot once from the options page. */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('portal install in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a non-super-admin on the free tier gets the role/tier explanation and the diagnostics', async () => {
    const options = await browser.optionsPage();
    await createWorkspaceInOptions(options, stack);
    const tab = await installThroughConsent(browser.context, options, 'connect-hubspot', free.users.member.userId);
    // The callback page itself explains, without secrets in its address.
    expect(tab.url()).not.toMatch(/code=|access_token|refresh_token/);
    await tab.close();
    const result = options.getByTestId('install-result');
    await expect.poll(() => result.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('role_or_tier');
    expect(await result.textContent()).toMatch(/Super Admin/i);
    const diagnostics = await options.getByTestId('diagnostics-text').textContent();
    expect(diagnostics).toContain('crm.objects.contacts.read');
    expect(diagnostics).not.toContain(SANDBOX_APP.clientSecret);
    expect(await options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    await options.close();
  });

  it('a super admin connects the portal; disconnect and reconnect work', async () => {
    const options = await browser.optionsPage();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');
    const tab = await installThroughConsent(browser.context, options, 'connect-hubspot', acme.users.superAdmin.userId);
    await tab.close();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(await options.getByTestId('install-health').textContent()).toContain(String(acme.portalId));
    expect(await options.getByTestId('install-health').textContent()).toContain(acme.users.superAdmin.email);

    await options.getByTestId('disconnect-hubspot').click();
    await options.getByTestId('disconnect-confirm').click();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('not_connected');

    const again = await installThroughConsent(browser.context, options, 'connect-hubspot', acme.users.superAdmin.userId);
    await again.close();
    await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    // Nothing secret ever reaches the extension's pages.
    const html = await options.content();
    expect(html).not.toContain(SANDBOX_APP.clientSecret);
    await options.close();
  });
});
