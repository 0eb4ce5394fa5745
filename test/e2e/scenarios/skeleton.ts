import { expect } from 'vitest';
import { pushState, readPanel, until, type Driver } from '../harness/driver';

/** The walking skeleton, as a person would check it, in whichever browser `d` drives. */
export async function setBackendUrlInOptions(options: Driver, backendUrl: string) {
  await until('options page', () => options.textOf('[data-testid="backend-url-save"]'), (t) => t !== null);
  await until('current setting', () => options.evaluate(() => (document.querySelector('[data-testid="backend-url"]') as HTMLInputElement | null)?.value ?? '', null), (v) => v !== '');
  await options.fill('[data-testid="backend-url"]', backendUrl);
  await options.click('[data-testid="backend-url-save"]');
  const notice = await until('save notice', () => options.textOf('[data-testid="backend-url-notice"]'), (t) => t !== null);
  expect(notice).toContain('Saved');
  const saved = await options.evaluate(() => (document.querySelector('[data-testid="backend-url"]') as HTMLInputElement).value, null);
  expect(saved).toBe(backendUrl);
}

export async function panelFollowsHubSpot(page: Driver, origin: string) {
  // A non-record HubSpot page: the content script is there but mounts nothing.
  await page.goto(`${origin}/contacts/1001/objects/0-1/views/all/list`);
  await new Promise((r) => setTimeout(r, 800));
  expect((await readPanel(page)).present).toBe(false);

  // SPA navigation from the list into a record mounts the panel, which reaches the backend.
  await pushState(page, '/contacts/1001/record/0-1/101');
  // Not signed in yet: the background reached the backend and the panel asks the rep to sign in.
  let view = await until('panel on record 101', () => readPanel(page), (v) => v.texts['portside-contact'] === '101' && v.states['portside-state'] === 'signed_out');
  expect(view.texts['portside-portal']).toBe('1001');
  expect(view.texts['portside-state']).toContain('Sign in to Portside');
  // The stylesheet reached the closed shadow root: the panel is docked at the right edge.
  const style = await page.inPanel((root) => {
    const s = getComputedStyle(root.querySelector('[data-testid="portside-panel"]')!);
    return { position: s.position, right: s.right, width: s.width };
  }, null);
  expect(style).toEqual({ position: 'fixed', right: '0px', width: '300px' });

  // Record to record: the panel follows without a reload.
  await pushState(page, '/contacts/1001/record/0-1/102');
  view = await until('panel on record 102', () => readPanel(page), (v) => v.texts['portside-contact'] === '102');
  expect(view.texts['portside-portal']).toBe('1001');

  // Record to list: the panel goes away.
  await pushState(page, '/contacts/1001/objects/0-1/views/all/list');
  await until('panel removed', () => readPanel(page), (v) => !v.present);

  // Back to a record.
  await page.evaluate(() => history.back(), null);
  await until('panel back on 102', () => readPanel(page), (v) => v.texts['portside-contact'] === '102');

  // The legacy record URL, loaded directly.
  await page.goto(`${origin}/contacts/1001/contact/103`);
  view = await until('panel on legacy URL', () => readPanel(page), (v) => v.texts['portside-contact'] === '103' && v.states['portside-state'] === 'signed_out');
  expect(view.texts['portside-portal']).toBe('1001');
}
