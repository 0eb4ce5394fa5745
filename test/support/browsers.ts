import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * The two real browsers every browser test and bench row launches, with the extension loaded from
 * a build folder. The e2e harness (test/e2e/harness/chromium.ts, firefox.ts) adds its checks and
 * page helpers on top; the bench (test/bench/lib/chromium.ts) points them at its build snapshot.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  optionsPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with the Chrome build at `build` loaded, in a throwaway profile.
 * app.hubspot.com (and the EU data centre's host) map to the sandbox's HTTPS port, so the
 * manifest's real match patterns decide where the content script runs.
 */
export async function launchChromiumWith(o: { build: string; webPort: number; profilePrefix?: string }): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), o.profilePrefix ?? 'portside-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${o.build}`,
      `--load-extension=${o.build}`,
      `--host-resolver-rules=MAP app.hubspot.com 127.0.0.1:${o.webPort}, MAP app-eu1.hubspot.com 127.0.0.1:${o.webPort}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  // E2E_DEBUG=1 shows the background's console, the first place to look when a journey stalls.
  worker.on('console', (m) => process.env.E2E_DEBUG && console.log('[sw]', m.text()));
  return {
    context,
    extensionId,
    async optionsPage() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The Firefox build's add-on id (wxt.config.ts) and the internal UUID pinned for it. */
export const GECKO_ID = 'portside@portside.dev';
// Pinning the internal UUID lets a test recognise moz-extension://…/options.html.
export const EXTENSION_UUID = '3c1f5f6e-8d0a-4b77-9a51-5e0a7d4c2b10';

/**
 * Debian's Firefox ESR over WebDriver BiDi with the Firefox build at `build` installed. Firefox
 * cannot remap ports, so every host resolves to loopback and the sandbox's pages listen on 443.
 */
export async function launchFirefoxWith(o: { build: string }): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'network.proxy.type': 0,
      'network.dns.disableIPv6': true,
    },
  });
  await browser.installExtension(o.build);
  return browser;
}
