import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromiumWith, type ChromiumSession } from '../../support/browsers';

export { CHROMIUM } from '../../support/browsers';

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

/** Chromium with the Chrome build from `buildRoot()` (test/support/browsers.ts). */
export function launchBenchChromium(webPort: number): Promise<ChromiumSession> {
  return launchChromiumWith({ build: join(buildRoot(), 'chrome-mv3'), webPort, profilePrefix: 'portside-bench-chromium-' });
}
