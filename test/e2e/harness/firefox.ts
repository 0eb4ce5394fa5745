import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { requireBuild } from './require';

export const FIREFOX = '/usr/bin/firefox-esr';
export const FIREFOX_BUILD = resolve('.output/firefox-mv2');
const GECKO_ID = 'portside@portside.dev';
// Pinning the internal UUID lets the test open moz-extension://…/options.html directly.
const EXTENSION_UUID = '3c1f5f6e-8d0a-4b77-9a51-5e0a7d4c2b10';

export interface FirefoxSession {
  browser: Browser;
  newPage(): Promise<Page>;
  optionsPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Firefox ESR over WebDriver BiDi with the production build installed. Firefox cannot
 * remap ports, so every host resolves to loopback and the fake HubSpot listens on 443.
 */
export async function launchFirefox(): Promise<FirefoxSession> {
  requireBuild(FIREFOX_BUILD);
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
  await browser.installExtension(FIREFOX_BUILD);
  return {
    browser,
    newPage: () => browser.newPage(),
    async optionsPage() {
      const page = await browser.newPage();
      await page.goto(`moz-extension://${EXTENSION_UUID}/options.html`);
      return page;
    },
    close: () => browser.close(),
  };
}
