import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;

/** The toolbar button (manifest `action`): its popup shows the session and the connection, and leads to options. */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('toolbar popup in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    const admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const openPopup = async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup;
  };

  it('signed out: says how to sign in, names the server, and opens the options page', async () => {
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);
    await options.close();
    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId('popup-session').textContent()).toContain('Not signed in');
    expect(await popup.getByTestId('popup-server').textContent()).toBe(`Server: ${stack.backendUrl}`);
    const opened = browser.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Open Portside options' }).click();
    const page = await opened;
    await page.waitForLoadState();
    expect(page.url()).toBe(`chrome-extension://${browser.extensionId}/options.html`);
    await page.close();
    if (!popup.isClosed()) await popup.close();
  });

  it('signed in: who, which workspace, and the HubSpot connection', async () => {
    const options = await browser.optionsPage();
    await signInInOptions(playwrightDriver(options), acme.users.superAdmin.email);
    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId('popup-session').textContent()).toContain(acme.users.superAdmin.email);
    expect(await popup.getByTestId('popup-session').textContent()).toContain('Admin of Acme Sales');
    expect(await popup.getByTestId('popup-connection').getAttribute('data-state')).toBe('connected');
    await popup.close();
    await options.close();
  });
});
