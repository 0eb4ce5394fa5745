import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { logCall } from './scenarios/log-call';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('logging a call in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a rep logs a call from the panel; HubSpot shows it and the audit holds it', async () => {
    const options = puppeteerDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, acme.users.ownedOnly.email);
    const page = await browser.newPage();
    await logCall(puppeteerDriver(page), stack, 'https://app.hubspot.com', admin, 'firefox');
    await page.close();
  });
});
