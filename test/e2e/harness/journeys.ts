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

/** Clicks a connect button; the background opens the start link in a new tab, which is returned on its page. */
export async function openStartTab(context: BrowserContext, options: Page, button: string): Promise<Page> {
  const tabOpened = context.waitForEvent('page');
  await options.getByTestId(button).click();
  const tab = await tabOpened;
  await tab.waitForLoadState();
  await tab.locator('[data-test-id="continue-to-hubspot"]').waitFor();
  return tab;
}

/** On a start page: "Continue to HubSpot", then approve (or cancel) as `userId` on the sandbox consent page. */
export async function continueAndConsent(tab: Page, userId: number, action: 'connect-app' | 'cancel' = 'connect-app') {
  await tab.locator('[data-test-id="continue-to-hubspot"]').click();
  await tab.locator(`[data-test-id="install-as-${userId}"]`).check();
  await tab.locator(`[data-test-id="${action}"]`).click();
  await tab.waitForLoadState();
}

/**
 * Clicks a connect button and installs as `userId` in the tab that opens; the extension hands
 * HubSpot's answer back and sends the tab to its options page (`#install=<ticket>`), returned here.
 */
export async function installThroughConsent(context: BrowserContext, options: Page, button: string, userId: number, action: 'connect-app' | 'cancel' = 'connect-app') {
  const tab = await openStartTab(context, options, button);
  expect(await tab.locator('[data-test-id="start-admin"]').textContent()).toContain('@');
  await continueAndConsent(tab, userId, action);
  await tab.waitForURL(/\/options\.html#install=/, { timeout: 15_000 });
  return tab;
}
