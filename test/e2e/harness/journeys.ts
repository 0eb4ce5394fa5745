import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { playwrightDriver } from './drivers';
import { setBackendUrlInOptions } from '../scenarios/skeleton';

/** Person-level steps on the options page, shared by the Chromium journeys. */
export async function createWorkspaceInOptions(options: Page, backendUrl: string, who = { name: 'Alice Admin', email: 'alice.admin@acme.example' }) {
  await setBackendUrlInOptions(playwrightDriver(options), backendUrl);
  await options.getByTestId('auth-mode-create').click();
  await options.getByLabel('Team or company name').fill('Acme Sales');
  await options.getByLabel('Your name').fill(who.name);
  await options.getByLabel('Work email (the one you use in HubSpot)').fill(who.email);
  await options.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await options.getByRole('button', { name: 'Create workspace' }).click();
  await expect.poll(() => options.getByTestId('whoami').textContent()).toContain('Admin of Acme Sales');
}

/** Clicks a connect button, then installs as `userId` on the sandbox consent page in the tab that opens. */
export async function installThroughConsent(context: BrowserContext, options: Page, button: string, userId: number, action: 'connect-app' | 'cancel' = 'connect-app') {
  const tabOpened = context.waitForEvent('page');
  await options.getByTestId(button).click();
  const tab = await tabOpened;
  await tab.waitForLoadState();
  await tab.locator(`[data-test-id="install-as-${userId}"]`).check();
  await tab.locator(`[data-test-id="${action}"]`).click();
  await tab.waitForLoadState();
  return tab;
}
