import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { logCall } from './scenarios/log-call';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('logging a call in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack();
    admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    browser = await launchChromium(stack.webPort);
    const options = playwrightDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    await signInInOptions(options, acme.users.ownedOnly.email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a rep logs a call from the panel; HubSpot shows it and the audit holds it', async () => {
    const page = await browser.context.newPage();
    await logCall(playwrightDriver(page), stack, 'https://app.hubspot.com', admin);
    await page.close();
  });
});
