import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Where the browser rows read the extension from. run.ts copies .output once at the start
 * (BENCH_BUILD_DIR), so every row measures the same build even if someone rebuilds meanwhile;
 * a row run on its own reads .output directly.
 */
export const buildRoot = () => process.env.BENCH_BUILD_DIR ?? resolve('.output');

/** Copies the current builds to a temp dir, waiting up to `waitMs` for a build in progress. */
export async function snapshotBuilds(waitMs = 120_000): Promise<{ dir: string; dispose(): void } | null> {
  const src = resolve('.output');
  const ready = () => existsSync(join(src, 'chrome-mv3/manifest.json')) && existsSync(join(src, 'firefox-mv2/manifest.json'));
  for (const end = Date.now() + waitMs; !ready() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 1_000));
  if (!ready()) return null;
  await new Promise((r) => setTimeout(r, 2_000)); // a build that just wrote its manifest may still be writing
  const dir = mkdtempSync(join(tmpdir(), 'portside-bench-build-'));
  cpSync(src, dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Chromium with the Chrome build loaded, as test/e2e/harness/chromium.ts does, from `buildRoot()`. */
export async function launchBenchChromium(webPort: number): Promise<{ context: BrowserContext; extensionId: string; optionsPage(): Promise<Page>; close(): Promise<void> }> {
  const build = join(buildRoot(), 'chrome-mv3');
  const profile = mkdtempSync(join(tmpdir(), 'portside-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${build}`,
      `--load-extension=${build}`,
      `--host-resolver-rules=MAP app.hubspot.com 127.0.0.1:${webPort}`,
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
