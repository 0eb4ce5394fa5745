import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { panelFollowsSession } from './scenarios/session-follow';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('an open panel follows the session in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    await addLinkedMember(stack, admin, acme.users.teamOnly.email);
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sign-out and sign-in as another member reach the open panel; its note is written as the member shown', async () => {
    const options = puppeteerDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    const page = await browser.newPage();
    const notes = () => [...stack.sandbox.sandbox.state.portals.get(acme.portalId)!.notes.values()].map((n) => String(n.properties.hubspot_owner_id));
    await panelFollowsSession(puppeteerDriver(page), options, 'https://app.hubspot.com', notes);
  });
});
