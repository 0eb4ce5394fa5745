import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../lib/extension/messages';
import { PANEL_HOST } from '../../lib/extension/content/panel-flag';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { readPanel, until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { readMailedCode } from '../helpers/mailbox';
import { expectPanelUnreadable, pageFinds, pagePeeksAtPanel } from './scenarios/panel-privacy';

/**
 * A hostile HubSpot page, in real Chromium with the production build. After an admin signs in,
 * a script in the page's own world forges everything it can reach — window.postMessage with
 * every protocol action, DOM events (a forged `wxt:locationchange`, popstate), a custom element
 * named like the panel, chrome.runtime.sendMessage to the extension's id — and looks for the
 * session token everywhere a page or content script can see. Then: no backend action happened
 * (sessions, invites, outbox unchanged), HubSpot saw no extra request, extension storage is
 * unchanged, and the token was found nowhere.
 */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('a hostile HubSpot page in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  let token = '';
  const db = () => stack.server.database.db;
  const worker = () => browser.context.serviceWorkers()[0]!;
  const storage = (area: 'local' | 'session') => worker().evaluate((a) => (globalThis as any).chrome.storage[a].get(null), area);
  const effects = async () => ({
    liveSessions: (await db().selectFrom('sessions').select('id').where('revoked_at', 'is', null).execute()).length,
    invites: (await db().selectFrom('invites').select('id').execute()).length,
    members: (await db().selectFrom('members').select('id').execute()).length,
    // HubSpot API calls made by the backend (the sandbox also logs the web pages the browser loads).
    hubspotCalls: stack.sandbox.sandbox.control.requestLog().filter((e) => !e.path.startsWith('/contacts/')).map((e) => `${e.method} ${e.path}`),
    local: await storage('local'),
  });

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium(stack.webPort);
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);
    await options.getByTestId('auth-mode-create').click();
    await options.getByLabel('Team or company name').fill('Acme');
    await options.getByLabel('Your name').fill('Alice Admin');
    await options.getByLabel('Work email (the one you use in HubSpot)').fill('alice.admin@acme.example');
    await options.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await options.getByRole('button', { name: 'Email me a code' }).click();
    await until('code sent', () => options.getByTestId('create-workspace-code-sent').count(), (n) => n === 1);
    await options.getByLabel('Code from the email').fill(await readMailedCode(stack.dataDir, 'alice.admin@acme.example'));
    await options.getByRole('button', { name: 'Create workspace' }).click();
    await until('signed in', () => options.getByTestId('whoami').textContent(), (t) => (t ?? '').includes('Admin of Acme'));
    await options.close();
    const session = await storage('session');
    token = Object.values(session).find((v): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v)) ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('keeps the session token in storage.session only, never in storage.local', async () => {
    expect(token, 'the background holds a token after sign-in').toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await storage('local'))).not.toContain(token);
  });

  it('forged messages, events and elements trigger nothing, and the token is nowhere a page can look', async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    await d.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    await until('signed-in panel', () => readPanel(d), (v) => (v.texts['portside-viewer'] ?? '').includes('alice.admin@acme.example'));
    await new Promise((r) => setTimeout(r, 1_000));
    const before = await effects();

    const seen = await page.evaluate(
      async ({ actions, extensionId, hostSelector }) => {
        const payloads: Record<string, unknown> = {
          'session.signOut': {},
          'members.invite': { email: 'mallory@evil.example', role: 'admin' },
          'settings.setBackendUrl': { backendUrl: 'https://evil.example' },
          'writes.create': { record: { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1', recordId: '101' }, idempotencyKey: 'forged-key-1', body: { kind: 'note', body: 'forged' }, viewer: { memberId: 'forged', email: 'forged@example.com' } },
        };
        for (const action of actions) {
          const msg = { portside: 1, action, payload: payloads[action] ?? {} };
          window.postMessage(msg, '*');
          window.postMessage(JSON.stringify(msg), '*');
          document.dispatchEvent(new CustomEvent('portside', { detail: msg }));
        }
        window.dispatchEvent(new CustomEvent('wxt:locationchange', { detail: { newUrl: new URL('https://app.hubspot.com/contacts/2002/record/0-1/201'), oldUrl: new URL(location.href) } }));
        window.dispatchEvent(new PopStateEvent('popstate'));
        // A look-alike of the panel, defined by the page.
        try {
          customElements.define('portside-panel-evil', class extends HTMLElement {});
          document.body.append(document.createElement('portside-panel-evil'));
        } catch {}
        const runtime = (window as any).chrome?.runtime;
        let external = 'no chrome.runtime';
        if (runtime?.sendMessage) {
          external = await new Promise<string>((resolve) => {
            try {
              runtime.sendMessage(extensionId, { portside: 1, action: 'session.get', payload: {} }, (r: unknown) => resolve(`answered: ${JSON.stringify(r)} ${runtime.lastError?.message ?? ''}`));
              setTimeout(() => resolve('no answer'), 500);
            } catch (e) {
              resolve(`threw: ${(e as Error).message}`);
            }
          });
        }
        const host = document.querySelector(hostSelector);
        return {
          external,
          html: document.documentElement.outerHTML,
          pageStorage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
          cookies: document.cookie,
          lightDomText: host?.textContent ?? '',
        };
      },
      { actions: ACTION_NAMES, extensionId: browser.extensionId, hostSelector: PANEL_HOST.selector },
    );
    await new Promise((r) => setTimeout(r, 1_500));

    expect(await effects()).toEqual(before);
    expect(seen.external).not.toMatch(/^answered: \{/);
    for (const where of [seen.html, seen.pageStorage, seen.cookies, seen.lightDomText]) expect(where).not.toContain(token);
    // The panel still shows the real record: the forged navigation moved nothing.
    expect((await readPanel(d)).texts['portside-contact']).toBe('101');
    await page.close();
  });

  // The panel's shadow root is closed, on a built-in host element, created in the content
  // script's isolated world, and its text cannot be selected: the page's own scripts, even ones
  // that ran first and set traps, cannot read what the panel shows (who is signed in, the
  // verdict, the summary). The harness reads it over the DevTools protocol.
  it("a page script cannot read the panel's text, whatever it set up before the panel came", async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    const { view, channels } = await pagePeeksAtPanel(d, 'https://app.hubspot.com', (v) => (v.texts['portside-viewer'] ?? '').includes('alice.admin@acme.example'), 'Signed in as');
    expect(channels.innerText.length, 'the page reads its own text').toBeGreaterThan(0);
    const { anyShadowRoot, forcedOpenRoots, elementInternals } = channels;
    expect({ anyShadowRoot, forcedOpenRoots, elementInternals }, 'no way into the shadow root').toEqual({ anyShadowRoot: '', forcedOpenRoots: '', elementInternals: '' });
    expect(channels.hostsFound, 'the page sees that the panel is there').toBe('1');
    // HubSpot's own page shows the user's email (its account menu); the panel's wording is its own.
    expect(view.texts['portside-viewer']).toContain('Signed in as Alice Admin');
    expectPanelUnreadable(channels, ['Signed in as Alice Admin', view.texts['portside-viewer']!]);
    for (const where of Object.values(channels)) expect(where).not.toContain(token);
    await page.close();
  });

  // Known gap, pinned: Chromium's window.find() searches closed shadow roots, so a page script can
  // confirm a guess ("is 'Signed in as Alice Admin' shown?") though it cannot read the text (the
  // test above: the selection find leaves cannot be grown over unselectable text). Only moving
  // the panel into an extension frame would close this; when that lands, this test fails.
  it('known gap: window.find() answers yes/no to a guess of the panel text in Chromium', async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    await d.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    await until('signed-in panel', () => readPanel(d), (v) => (v.texts['portside-viewer'] ?? '').includes('Signed in as Alice Admin'));
    expect(await pageFinds(d, 'Signed in as Alice Admin')).toBe(true);
    expect(await pageFinds(d, 'Signed in as Mallory')).toBe(false);
    await page.close();
  });

  // Issue 14 item 10, end to end (runs last: it moves the extension off the test backend). An
  // open panel and the options page follow the new address and show "signed out"; the token is
  // gone from the background's storage.
  it('changing the server address signs the open panel and options page out', async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    await d.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    await until('signed-in panel', () => readPanel(d), (v) => (v.texts['portside-viewer'] ?? '').includes('alice.admin@acme.example'));
    const options = await browser.optionsPage();
    await until('options signed in', () => options.getByTestId('whoami').count(), (n) => n > 0);
    // Another localhost port counts as the default host: no permission prompt.
    await setBackendUrlInOptions(playwrightDriver(options), 'http://localhost:1');
    await until('options signed out', () => options.getByTestId('sign-in-form').count(), (n) => n > 0);
    // Nothing answers on the new address, so the panel says so instead of "sign in"; either way it
    // no longer shows the session of the previous server.
    const view = await until('panel off the old session', () => readPanel(d), (v) => v.states['portside-state'] === 'unreachable');
    expect(view.texts['portside-state']).toContain('http://localhost:1');
    expect(JSON.stringify(view.texts)).not.toContain('alice.admin@acme.example');
    expect(JSON.stringify(await storage('session'))).not.toContain(token);
    await options.close();
    await page.close();
  });
});
