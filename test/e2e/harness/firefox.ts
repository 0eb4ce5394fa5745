import { resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { EXTENSION_UUID, launchFirefoxWith } from '../../support/browsers';
import { until } from './driver';
import { firefoxPanel } from './panel-access';
import { requireBuild } from './require';

export { FIREFOX } from '../../support/browsers';
export const FIREFOX_BUILD = resolve('.output/firefox-mv2');

export interface FirefoxSession {
  browser: Browser;
  newPage(): Promise<Page>;
  optionsPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Firefox ESR with the production Firefox build (test/support/browsers.ts), which must exist. */
export async function launchFirefox(): Promise<FirefoxSession> {
  requireBuild(FIREFOX_BUILD);
  const browser = await launchFirefoxWith({ build: FIREFOX_BUILD });
  return {
    browser,
    newPage: () => browser.newPage(),
    async optionsPage() {
      // WebDriver BiDi may not navigate to moz-extension: URLs, so open the options page the way
      // a rep would: from the panel on a contact page (runtime.openOptionsPage in the background).
      const page = await browser.newPage();
      await page.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
      const before = new Set(await browser.pages());
      // The panel's shadow root is closed; the harness reaches it over BiDi (harness/panel-access.ts).
      const inPanel = firefoxPanel(page);
      await until(
        'the panel button that opens the options page',
        () =>
          inPanel((root) => {
            const state = root.querySelector('[data-testid="portside-state"]')?.getAttribute('data-state');
            const button =
              state === 'unreachable'
                ? root.querySelector<HTMLButtonElement>('[data-testid="portside-open-settings"]')
                : state === 'signed_out'
                  ? root.querySelector<HTMLButtonElement>('[data-testid="portside-action"]')
                  : null;
            if (!button) return false;
            button.click();
            return true;
          }, null),
        (clicked) => clicked === true,
        15_000,
      );
      // BiDi reports extension pages' URLs as about:blank, so ask each new page where it is.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        for (const candidate of await browser.pages()) {
          if (before.has(candidate)) continue;
          const href = await candidate.evaluate(() => location.href).catch(() => '');
          if (href.startsWith(`moz-extension://${EXTENSION_UUID}/options.html`)) {
            await page.close();
            return candidate;
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('The options page did not open');
    },
    close: () => browser.close(),
  };
}
