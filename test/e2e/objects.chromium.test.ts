import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { evanOnObjects, evanOnTicket, oscarOnTicket, oscarTicketVerdicts, reconnectWithoutDeals, withoutDeals } from './scenarios/objects';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const ORIGIN = 'https://app.hubspot.com';

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('the panel on companies, deals and tickets in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack();
    admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.everything.email);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    browser = await launchChromium(stack.webPort);
    await setBackendUrlInOptions(playwrightDriver(await browser.optionsPage()), stack.backendUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function as(email: string, run: (d: ReturnType<typeof playwrightDriver>) => Promise<void>) {
    const options = await browser.optionsPage();
    await signInInOptions(playwrightDriver(options), email);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await run(playwrightDriver(page));
    } finally {
      await page.close();
      await options.close();
    }
  }

  it('Evan: company and deal verdicts, a note on his deal seen in HubSpot, in-app navigation across objects, a legacy deal URL; his ticket', async () => {
    await as(acme.users.everything.email, async (d) => {
      await evanOnObjects(d, ORIGIN, 'chromium');
      await evanOnTicket(d, ORIGIN, 'chromium');
    });
  });

  it('an install without deals: contacts still work; a deal page says deals are not connected and how to reconnect', async () => {
    await reconnectWithoutDeals(stack, admin);
    await as(acme.users.everything.email, (d) => withoutDeals(d, ORIGIN, 'chromium', 'rep'));
    await as(acme.users.superAdmin.email, (d) => withoutDeals(d, ORIGIN, 'chromium', 'admin'));
  });

  // Last: it makes HubSpot's permission API fail for a while, which moves every verdict to the fallback.
  it('Oscar is refused a ticket, with the reason, by HubSpot and by the fallback', async () => {
    await as(acme.users.ownedOnly.email, (d) => oscarOnTicket(d, ORIGIN, 'chromium'));
    await oscarTicketVerdicts(stack, admin);
  });
});
