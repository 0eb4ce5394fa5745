import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { panelSurvivesLoads } from './scenarios/panel-reload';

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('panel after page loads in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium(stack.webPort);
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);
    await options.close();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('comes back after a reload, the same URL loaded again, and another record loaded', async () => {
    const page = await browser.context.newPage();
    await panelSurvivesLoads(playwrightDriver(page), 'https://app.hubspot.com');
    await page.close();
  });
});
