import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace, setEditableProperties } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { valuesAfterSave } from './scenarios/after-save';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('values after an edit in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    await setEditableProperties(stack, admin, ['phone', 'jobtitle']);
    browser = await launchChromium(stack.webPort);
    const options = playwrightDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, acme.users.ownedOnly.email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the panel shows the saved phone, marked until HubSpot has it, and still after its own refresh', async () => {
    const page = await browser.context.newPage();
    await valuesAfterSave(playwrightDriver(page), stack, 'https://app.hubspot.com');
    await page.close();
  });
});
