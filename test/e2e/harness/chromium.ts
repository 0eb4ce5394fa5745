import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireBuild } from './require';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROME_BUILD = resolve('.output/chrome-mv3');

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  optionsPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with the production build loaded. app.hubspot.com is mapped to the fake's
 * HTTPS port, so the manifest's real match patterns decide where the content script runs.
 */
export async function launchChromium(webPort: number): Promise<ChromiumSession> {
  requireBuild(CHROME_BUILD);
  const profile = mkdtempSync(join(tmpdir(), 'portside-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
      `--host-resolver-rules=MAP app.hubspot.com 127.0.0.1:${webPort}, MAP app-eu1.hubspot.com 127.0.0.1:${webPort}`,
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
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
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
