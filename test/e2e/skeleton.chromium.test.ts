import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { panelFollowsHubSpot, setBackendUrlInOptions } from './scenarios/skeleton';

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('walking skeleton in Chromium', () => {
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

  it('options page saves the backend URL', async () => {
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);
    await options.close();
  });

  it('panel appears on record URLs only and follows SPA navigation', async () => {
    const page = await browser.context.newPage();
    await panelFollowsHubSpot(playwrightDriver(page), 'https://app.hubspot.com');
    await page.close();
  });
});
