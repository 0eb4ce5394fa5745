import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { panelFollowsSession } from './scenarios/session-follow';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('an open panel follows the session in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    await addLinkedMember(stack, admin, acme.users.teamOnly.email);
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sign-out and sign-in as another member reach the open panel; its note is written as the member shown', async () => {
    const options = playwrightDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    const page = await browser.context.newPage();
    const notes = () => [...stack.sandbox.sandbox.state.portals.get(acme.portalId)!.notes.values()].map((n) => String(n.properties.hubspot_owner_id));
    await panelFollowsSession(playwrightDriver(page), options, 'https://app.hubspot.com', notes);
  });
});
