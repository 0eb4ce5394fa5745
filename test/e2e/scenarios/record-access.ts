import { expect } from 'vitest';
import { readPanel, spaNavigate, until, type Driver, type PanelView } from '../harness/driver';
import { PASSWORD } from '../harness/api-setup';
import { SEED } from '../../../backend/sandbox/seed';

const acme = SEED.portals.acme;
const c = acme.contacts;
const record = (id: number) => `/contacts/${acme.portalId}/record/0-1/${id}`;

export async function signInInOptions(options: Driver, email: string) {
  // The page loads the session first; then sign out whoever else is signed in.
  const state = await until(
    'options page loaded',
    async () => ((await options.textOf('[data-testid="sign-out"]')) !== null ? 'in' : (await options.textOf('[data-testid="sign-in-form"]')) !== null ? 'out' : null),
    (s) => s !== null,
  );
  if (state === 'in') await options.click('[data-testid="sign-out"]');
  await until('sign-in form', () => options.textOf('[data-testid="sign-in-form"] button[type="submit"]'), (t) => t !== null);
  await options.fill('[data-testid="sign-in-form"] input[type="email"]', email);
  await options.fill('[data-testid="sign-in-form"] input[type="password"]', PASSWORD);
  await options.click('[data-testid="sign-in-form"] button[type="submit"]');
  await until('signed in', () => options.textOf('[data-testid="whoami"]'), (t) => (t ?? '').includes(email));
}

const verdictFor = (id: number) => (v: PanelView) => v.texts['portside-contact'] === String(id) && (v.states['portside-access'] !== undefined || v.states['portside-state'] === 'hubspot_denied');

async function verdict(page: Driver, id: number): Promise<PanelView> {
  return until(`verdict for contact ${id}`, () => readPanel(page), verdictFor(id), 15_000);
}

/** An owned-only rep: editable on their own contact, nothing on a teammate's, and the panel follows SPA navigation. */
export async function ownedOnlyRep(page: Driver, origin: string) {
  const oscar = acme.users.ownedOnly;
  // HubSpot shows the page as Oscar himself.
  await page.goto(`${origin}${record(c.ownedByOwnedOnly.id)}?as=${oscar.userId}`);
  let v = await verdict(page, c.ownedByOwnedOnly.id);
  expect(v.states['portside-access']).toBe('edit');
  expect(v.texts['portside-access-reason']).toMatch(/own/i);
  expect(v.texts['portside-contact-name']).toBeTruthy();

  // To a teammate's contact by SPA navigation: HubSpot denies it, so Portside shows only that.
  await spaNavigate(page, record(c.ownedByTeamOnly.id));
  v = await verdict(page, c.ownedByTeamOnly.id);
  expect(v.states['portside-state']).toBe('hubspot_denied');
  expect(v.texts['portside-summary']).toBeUndefined();

  // Even where HubSpot's page shows the record to someone else, Portside shows Oscar's own access.
  await page.goto(`${origin}${record(c.unassigned.id)}?as=${acme.users.superAdmin.userId}`);
  v = await verdict(page, c.unassigned.id);
  expect(v.states['portside-access']).toBe('none');
  expect(v.texts['portside-summary']).toBeUndefined();

  // And back to his own by SPA navigation: editable again, never the previous record's data.
  await spaNavigate(page, record(c.ownedByOwnedOnly.id));
  v = await verdict(page, c.ownedByOwnedOnly.id);
  expect(v.states['portside-access']).toBe('edit');
}

/** A team-only rep sees their team's and child teams' contacts, and not another team's. */
export async function teamOnlyRep(page: Driver, origin: string) {
  const tina = acme.users.teamOnly;
  await page.goto(`${origin}${record(c.ownedByChildTeam.id)}?as=${tina.userId}`);
  let v = await verdict(page, c.ownedByChildTeam.id);
  expect(v.states['portside-access']).toBe('edit');
  await spaNavigate(page, record(c.ownedByOwnedOnly.id));
  v = await verdict(page, c.ownedByOwnedOnly.id);
  expect(v.states['portside-access']).toBe('edit');
  await page.goto(`${origin}${record(c.ownedByEverything.id)}?as=${acme.users.superAdmin.userId}`);
  v = await verdict(page, c.ownedByEverything.id);
  expect(v.states['portside-access']).toBe('none');
}
