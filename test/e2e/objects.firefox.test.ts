import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, FIREFOX, type FirefoxSession } from './harness/firefox';
import { puppeteerDriver } from './harness/drivers';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { addLinkedMember, connectPortal, createWorkspace } from './harness/api-setup';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { signInInOptions } from './scenarios/record-access';
import { evanOnObjects, evanOnTicket, oscarOnTicket, oscarTicketVerdicts, reconnectWithoutDeals, withoutDeals } from './scenarios/objects';
import { SEED } from '../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const ORIGIN = 'https://app.hubspot.com';

// Firefox cannot remap ports, so the sandbox's web pages take 443 on loopback for this suite.
describe.runIf(requireBinary(FIREFOX, 'Firefox ESR'))('the panel on companies, deals and tickets in Firefox', () => {
  let stack: Stack;
  let browser: FirefoxSession;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({ webPort: 443 });
    admin = await createWorkspace(stack, acme.users.superAdmin.email);
    await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
    await addLinkedMember(stack, admin, acme.users.everything.email);
    await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  let options: ReturnType<typeof puppeteerDriver>;
  let d: ReturnType<typeof puppeteerDriver>;
  beforeAll(async () => {
    options = puppeteerDriver(await browser.optionsPage());
    await setBackendUrlInOptions(options, stack.backendUrl);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    d = puppeteerDriver(page);
  });

  it('Evan: company and deal verdicts, a note on his deal seen in HubSpot, in-app navigation across objects, a legacy deal URL; his ticket', async () => {
    await signInInOptions(options, acme.users.everything.email);
    await evanOnObjects(d, ORIGIN, 'firefox');
    await evanOnTicket(d, ORIGIN, 'firefox');
  });

  it('an install without deals: contacts still work; a deal page says deals are not connected and how to reconnect', async () => {
    await reconnectWithoutDeals(stack, admin);
    await withoutDeals(d, ORIGIN, 'firefox', 'rep');
    await signInInOptions(options, acme.users.superAdmin.email);
    await withoutDeals(d, ORIGIN, 'firefox', 'admin');
  });

  // Last: it makes HubSpot's permission API fail for a while, which moves every verdict to the fallback.
  it('Oscar is refused a ticket, with the reason, by HubSpot and by the fallback', async () => {
    await signInInOptions(options, acme.users.ownedOnly.email);
    await oscarOnTicket(d, ORIGIN, 'firefox');
    await oscarTicketVerdicts(stack, admin);
  });
});
