import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID } from '../../lib/contract/extension-identity';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';

/**
 * Issue 14, item 13, in real Chromium with the production build: the loaded extension has the id
 * the backend grants CORS to by default (the manifest `key` pins it, whatever directory the build
 * is loaded from), its background's requests carry that origin and are granted, and a script on a
 * web page (HubSpot's) cannot read the API's answers.
 */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('CORS for the built extension in Chromium', () => {
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

  it("runs with the pinned id, and the backend grants the background's origin", async () => {
    expect(browser.extensionId).toBe(CHROME_EXTENSION_ID);
    const worker = browser.context.serviceWorkers()[0]!;
    // A POST, as the background's API calls are: Chromium leaves Origin off a GET to a host the
    // extension has permission for, as it does for same-origin GETs.
    const grant = await worker.evaluate(async (url) => {
      const res = await fetch(`${url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.test', password: 'not a real password' }) });
      return res.headers.get('access-control-allow-origin');
    }, stack.backendUrl);
    expect(grant).toBe(`chrome-extension://${CHROME_EXTENSION_ID}`);
  });

  it("a HubSpot page's script cannot read the API", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    const outcome = await page.evaluate(async (url) => {
      try {
        return `read: ${(await fetch(`${url}/healthz`)).status}`;
      } catch (err) {
        return `blocked: ${err instanceof Error ? err.name : 'error'}`;
      }
    }, stack.backendUrl);
    expect(outcome).toBe('blocked: TypeError');
  });
});
