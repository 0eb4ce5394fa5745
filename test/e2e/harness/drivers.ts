import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import type { Driver } from './driver';
import { chromiumPanel, firefoxPanel } from './panel-access';

export function playwrightDriver(page: PwPage): Driver {
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    fill: (sel, value) => page.locator(sel).fill(value),
    click: (sel) => page.locator(sel).click(),
    textOf: async (sel) => ((await page.locator(sel).count()) ? page.locator(sel).first().textContent() : null),
    screenshot: async (path) => void (await page.screenshot({ path })),
    inPanel: chromiumPanel(page),
  };
}

export function puppeteerDriver(page: PpPage): Driver {
  // A person types and clicks in the tab in front. Firefox throttles input to a background tab
  // (the options page once the HubSpot tab opened): typing a password there took 8–16 s a field.
  const front = () => page.bringToFront();
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg) as never,
    fill: async (sel, value) => {
      await front();
      await page.waitForSelector(sel);
      await page.click(sel, { count: 3 });
      await page.keyboard.press('Backspace');
      await page.type(sel, value);
    },
    click: async (sel) => {
      await front();
      await page.waitForSelector(sel);
      await page.click(sel);
    },
    textOf: async (sel) => {
      const el = await page.$(sel);
      return el ? el.evaluate((e) => e.textContent) : null;
    },
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    inPanel: firefoxPanel(page),
  };
}
