import { expect } from 'vitest';
import { panelAttr, panelClick, panelFill, readPanel, until, type Driver, type PanelView } from '../harness/driver';
import { signInInOptions } from './record-access';
import { SEED } from '../../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const oscar = acme.users.ownedOnly;
const tina = acme.users.teamOnly;
// Oscar owns it and Tina's team covers Oscar's contacts: both may edit it.
const contact = acme.contacts.ownedByOwnedOnly.id;
const MARK = '__portsideSameDocument';

const view = (d: Driver) => readPanel(d).catch((): PanelView => ({ present: false, texts: {}, states: {} }));
const showing = (d: Driver, what: string, ok: (v: PanelView) => boolean) => until(what, () => view(d), (v) => v.present && ok(v), 15_000);
const sameDocument = (d: Driver) => d.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark] === true, MARK);

/**
 * Issue 15.2: a panel left open follows the session changed on the options page (sign-out, then
 * another member) without any reload, and a note saved from it is written as the member it shows.
 * `noteOwners` reads the sandbox's notes' hubspot_owner_id values.
 */
export async function panelFollowsSession(panel: Driver, options: Driver, origin: string, noteOwners: () => string[]) {
  await signInInOptions(options, oscar.email);
  await panel.goto(`${origin}/contacts/${acme.portalId}/record/0-1/${contact}?as=${oscar.userId}`);
  await showing(panel, 'panel for Oscar', (v) => v.states['portside-access'] === 'edit' && (v.texts['portside-viewer'] ?? '').includes(oscar.email));
  await panel.evaluate((mark) => void ((window as unknown as Record<string, unknown>)[mark] = true), MARK);

  // Signed out in options: the open panel says so, in the same document.
  await options.click('[data-testid="sign-out"]');
  await until('options signed out', () => options.textOf('[data-testid="sign-in-form"]'), (t) => t !== null);
  await showing(panel, 'panel follows the sign-out', (v) => v.states['portside-state'] === 'signed_out');
  expect(await sameDocument(panel)).toBe(true);

  // Tina signs in: the same panel now shows her.
  await signInInOptions(options, tina.email);
  const v = await showing(panel, 'panel follows the sign-in as Tina', (x) => x.states['portside-access'] === 'edit' && (x.texts['portside-viewer'] ?? '').includes(tina.email));
  expect(v.texts['portside-viewer']).not.toContain(oscar.email);
  expect(await sameDocument(panel)).toBe(true);

  // A note saved from it is Tina's in HubSpot, not Oscar's.
  await panelFill(panel, '[data-testid="portside-note-body"]', 'Saved after the switch');
  await panelClick(panel, '[data-testid="portside-note-save"]');
  await until('note delivered', () => panelAttr(panel, '[data-testid="portside-write"]', 'data-status'), (s) => s === 'done', 20_000);
  expect(noteOwners()).toEqual([String(tina.ownerId)]);
}
