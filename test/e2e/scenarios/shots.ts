import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Driver } from '../harness/driver';

/**
 * Screenshots for a person to look at, written only when E2E_SHOTS names a directory
 * (e.g. E2E_SHOTS=/tmp/portside-shots), so ordinary runs leave nothing behind.
 */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/** The same through either browser's driver (Chromium or Firefox), named per browser by the caller. */
export async function driverShot(d: Driver, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await d.screenshot(join(dir, `${name}.png`));
}
