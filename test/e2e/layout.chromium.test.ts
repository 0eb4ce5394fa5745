import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { panelAttr, panelClick, until, type Driver } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { acme, fullWorkspace, optionsSignedInAs, recordUrl } from './scenarios/a11y-world';
import { shot } from './scenarios/shots';

/** How far the page and each options card overflow sideways (0 = fits). */
function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - innerWidth,
    cards: Object.fromEntries([...document.querySelectorAll<HTMLElement>('.ps-card')].map((c, i) => [c.dataset.testid ?? `card-${i}`, c.scrollWidth - c.clientWidth])),
  }));
}

/**
 * How many pixels each select (and date input) in the panel lacks to show its widest option
 * whole. A select's scrollWidth always equals its clientWidth in Chromium, even when it shows
 * "To-d", so the check lays out a hidden copy at its natural width and compares.
 */
async function panelFit(d: Driver) {
  const fit = await d.inPanel((root) => {
    const panel = root.querySelector<HTMLElement>('[data-testid="portside-panel"]')!;
    const lacking: Record<string, number> = {};
    for (const el of root.querySelectorAll<HTMLElement>('select, input[type="date"]')) {
      const probe = el.cloneNode(true) as HTMLElement;
      Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', width: 'auto', minWidth: '0', maxWidth: 'none' });
      el.parentElement!.append(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      const label = el.id ? root.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      lacking[label ?? el.getAttribute('aria-label') ?? el.tagName] = Math.max(0, Math.ceil(need - el.getBoundingClientRect().width));
    }
    return { panelWidth: panel.clientWidth, panel: panel.scrollWidth - panel.clientWidth, lacking };
  }, null);
  if (!fit) throw new Error('no panel');
  return fit;
}

describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('layout in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    await fullWorkspace(stack);
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("the options page, signed in as admin with every card and the People table's HubSpot-user dropdown, never scrolls sideways from 1024 to 1920 px", async () => {
    const options = await browser.optionsPage();
    await optionsSignedInAs(options, stack.backendUrl, acme.users.superAdmin.email);
    for (const width of [1024, 1280, 1440, 1920]) {
      await options.setViewportSize({ width, height: 900 });
      await shot(options, `options-admin-${width}`, true);
      const o = await overflow(options);
      expect(o, `overflow at ${width} px`).toEqual({ page: 0, cards: Object.fromEntries(Object.keys(o.cards).map((k) => [k, 0])) });
      expect(Object.keys(o.cards)).toEqual(expect.arrayContaining(['account-card', 'hubspot-card', 'members-card', 'identity-card', 'properties-card', 'audit-card']));
    }
    await options.close();
  });

  it('the panel at its narrowest (300 px open) shows the Task and Edit forms whole', async () => {
    const options = await browser.optionsPage();
    await optionsSignedInAs(options, stack.backendUrl, acme.users.ownedOnly.email);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(recordUrl(acme.contacts.ownedByOwnedOnly.id, acme.users.ownedOnly.userId));
    const d = playwrightDriver(page);
    await until('edit verdict', () => panelAttr(d, '[data-testid="portside-access"]', 'data-state'), (st) => st === 'edit', 15_000);

    await panelClick(d, '[data-testid="portside-tab-task"]');
    await until('task form', () => panelAttr(d, '[data-testid="portside-task-form"]', 'data-testid'), (v) => v !== null);
    await shot(page, 'panel-task-form');
    const task = await panelFit(d);
    expect(task.panelWidth).toBeLessThanOrEqual(300);
    expect(task.panel).toBe(0);
    expect(task.lacking).toEqual({ Due: 0, Type: 0, Priority: 0 });

    await panelClick(d, '[data-testid="portside-tab-properties"]');
    await until('edit form', () => panelAttr(d, '[data-testid="portside-properties-form"]', 'data-testid'), (v) => v !== null);
    await shot(page, 'panel-edit-form');
    const edit = await panelFit(d);
    expect(edit.panel).toBe(0);
    expect(Object.values(edit.lacking).every((px) => px === 0), JSON.stringify(edit.lacking)).toBe(true);
    await page.close();
    await options.close();
  });
});
