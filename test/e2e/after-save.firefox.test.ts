import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace, setEditableProperties } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { valuesAfterSave } from './scenarios/after-save';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('values after an edit in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    await setEditableProperties(stack, admin, ['phone', 'jobtitle']);
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the panel shows the saved phone, marked until HubSpot has it, and still after its own refresh', async () => {
    const options = puppeteerDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, acme.users.ownedOnly.email);
    const page = await browser.newPage();
    await valuesAfterSave(puppeteerDriver(page), stack, 'https://app.hubspot.com');
    await page.close();
  });
});
