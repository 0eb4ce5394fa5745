import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../lib/messages';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { readPanel, until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { setBackendUrlInOptions } from './scenarios/skeleton';
import { readMailedCode } from '../helpers/mailbox';

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
      async ({ actions, extensionId }) => {
        const payloads: Record<string, unknown> = {
          'session.signOut': {},
          'members.invite': { email: 'mallory@evil.example', role: 'admin' },
          'settings.setBackendUrl': { backendUrl: 'https://evil.example' },
          'writes.create': { record: { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1', recordId: '101' }, idempotencyKey: 'forged-key-1', body: { kind: 'note', body: 'forged' } },
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
        const host = document.querySelector('portside-panel');
        return {
          external,
          html: document.documentElement.outerHTML,
          pageStorage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
          cookies: document.cookie,
          lightDomText: host?.textContent ?? '',
        };
      },
      { actions: ACTION_NAMES, extensionId: browser.extensionId },
    );
    await new Promise((r) => setTimeout(r, 1_500));

    expect(await effects()).toEqual(before);
    expect(seen.external).not.toMatch(/^answered: \{/);
    for (const where of [seen.html, seen.pageStorage, seen.cookies, seen.lightDomText]) expect(where).not.toContain(token);
    // The panel still shows the real record: the forged navigation moved nothing.
    expect((await readPanel(d)).texts['portside-contact']).toBe('101');
    await page.close();
  });

  // Known gap, pinned: the panel's shadow root is *open* (createShadowRootUi's default), so the
  // page's own scripts can read what the panel shows (who is signed in, the verdict, the summary
  // HubSpot itself served) through `host.shadowRoot` — never the session token, which stays in the
  // background. Closing it (`mode: 'closed'` in entrypoints/panel.content/index.tsx) needs an e2e
  // harness that reads the panel from the content script's world in both browsers. When that
  // lands, this test fails: turn it into "a page script cannot read the panel's data".
  it("known gap: a page script can read the panel's text, but not the token", async () => {
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    await d.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    await until('signed-in panel', () => readPanel(d), (v) => (v.texts['portside-viewer'] ?? '').length > 0);
    const seen = await page.evaluate(() => {
      const root = document.querySelector('portside-panel')?.shadowRoot;
      return { text: root?.textContent ?? '', html: root?.innerHTML ?? '' };
    });
    await page.close();
    expect(seen.text).toContain('alice.admin@acme.example');
    expect(seen.html).not.toContain(token);
  });
});
