import { expect } from 'vitest';
import { readPanel, until, type Driver, type PanelView } from '../harness/driver';

const MARK = '__portsideOldDocument';

/** Marks the current document, so a check can tell the document after a load from the one before it. */
const markDocument = (d: Driver) => d.evaluate((mark) => void ((window as unknown as Record<string, unknown>)[mark] = true), MARK);
const isNewDocument = (d: Driver) => d.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark] !== true, MARK).catch(() => false);

async function panelInNewDocument(d: Driver, what: string, contact: string) {
  await until(`${what}: a new document`, () => isNewDocument(d), (fresh) => fresh);
  const view = await until(`${what}: the panel back on contact ${contact}`, () => readPanel(d).catch((): PanelView => ({ present: false, texts: {}, states: {} })), (v) => v.present && v.texts['portside-contact'] === contact);
  expect(view.texts['portside-state'] ?? view.states['portside-access']).toBeTruthy();
}

/**
 * Issue 15.1: any load of a record page brings the panel back: a reload, a navigation of the same
 * tab to the URL it already shows, and a load of another record's URL.
 */
export async function panelSurvivesLoads(d: Driver, origin: string) {
  const url = `${origin}/contacts/1001/record/0-1/101`;
  await d.goto(url);
  await until('panel on 101', () => readPanel(d), (v) => v.present && v.texts['portside-contact'] === '101');

  await markDocument(d);
  // Reloaded from the page itself, as F5 does; the evaluation's own document goes away with it.
  await d.evaluate(() => void setTimeout(() => location.reload(), 0), null);
  await panelInNewDocument(d, 'reload', '101');

  await markDocument(d);
  await d.goto(url);
  await panelInNewDocument(d, 'same URL again', '101');

  await markDocument(d);
  await d.goto(`${origin}/contacts/1001/contact/102`);
  await panelInNewDocument(d, 'another record (legacy URL)', '102');

  await markDocument(d);
  await d.evaluate(() => void setTimeout(() => location.reload(), 0), null);
  await panelInNewDocument(d, 'reload of the legacy URL', '102');
}
