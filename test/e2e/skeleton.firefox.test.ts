import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { panelFollowsHubSpot, setBackendUrlInOptions } from './scenarios/skeleton';

// Firefox cannot remap ports, so the fake HubSpot takes 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('walking skeleton in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('options page saves the backend URL', async () => {
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(puppeteerDriver(options), stack.backendUrl);
    await options.close();
  });

  it('panel appears on record URLs only and follows SPA navigation', async () => {
    const page = await browser.newPage();
    await panelFollowsHubSpot(puppeteerDriver(page), 'https://app.hubspot.com');
    await page.close();
  });
});
