import { resolve } from 'node:path';
import { launchChromiumWith, type ChromiumSession } from '../../support/browsers';
import { requireBuild } from './require';

export { CHROMIUM, type ChromiumSession } from '../../support/browsers';
export const CHROME_BUILD = resolve('.output/chrome-mv3');

/** Chromium with the production Chrome build (test/support/browsers.ts), which must exist. */
export async function launchChromium(webPort: number): Promise<ChromiumSession> {
  requireBuild(CHROME_BUILD);
  return launchChromiumWith({ build: CHROME_BUILD, webPort });
}
