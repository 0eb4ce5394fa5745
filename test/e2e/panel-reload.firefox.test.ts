import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { panelSurvivesLoads } from './scenarios/panel-reload';

// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('panel after page loads in Firefox', () => {
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

  it('comes back after a reload, the same URL loaded again, and another record loaded', async () => {
    const options = puppeteerDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    const page = await browser.newPage();
    await panelSurvivesLoads(puppeteerDriver(page), 'https://app.hubspot.com');
    await page.close();
  });
});
