import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { ownedOnlyRep, signInInOptions, teamOnlyRep } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('record access in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    await addLinkedMember(stack, admin, acme.users.teamOnly.email);
    browser = await launchChromium(stack.webPort);
    const options = playwrightDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an owned-only rep can edit their own contact and sees no access elsewhere', async () => {
    const options = await browser.optionsPage();
    await signInInOptions(playwrightDriver(options), acme.users.ownedOnly.email);
    const page = await browser.context.newPage();
    await ownedOnlyRep(playwrightDriver(page), 'https://app.hubspot.com');
    await page.close();
    await options.close();
  });

  it("a team-only rep sees their team's and child team's contacts", async () => {
    const options = await browser.optionsPage();
    await signInInOptions(playwrightDriver(options), acme.users.teamOnly.email);
    const page = await browser.context.newPage();
    await teamOnlyRep(playwrightDriver(page), 'https://app.hubspot.com');
    await page.close();
    await options.close();
  });
});
