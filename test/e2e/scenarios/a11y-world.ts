import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { addLinkedMember, connectPortal, createWorkspace, setEditableProperties } from '../harness/api-setup';
import { playwrightDriver } from '../harness/drivers';
import type { Stack } from '../harness/stack';
import { setBackendUrlInOptions } from './skeleton';
import { signInInOptions } from './record-access';
import { SEED } from '../../../backend/sandbox/seed';

/**
 * One workspace with something in every admin card, for the accessibility and layout checks:
 * a connected portal, linked reps (one can edit, one is view-only), an invited member still
 * pending (so the People table shows the HubSpot-user dropdown, the widest row), editable properties.
 */
export const acme = SEED.portals.acme;
export const PENDING_EMAIL = acme.users.marketplace.email;
export const recordUrl = (id: number, asUser: number) => `https://app.hubspot.com/contacts/${acme.portalId}/record/0-1/${id}?as=${asUser}`;

export async function fullWorkspace(stack: Stack): Promise<void> {
  const admin = await createWorkspace(stack, acme.users.superAdmin.email);
  await connectPortal(stack, admin, acme.portalId, acme.users.superAdmin.userId);
  await addLinkedMember(stack, admin, acme.users.ownedOnly.email);
  await addLinkedMember(stack, admin, acme.users.viewOnly.email);
  const res = await fetch(`${stack.server.url}/api/v1/members`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ email: PENDING_EMAIL, role: 'member' }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await setEditableProperties(stack, admin, ['phone', 'jobtitle', 'lifecyclestage']);
}

/** The options page signed in as `email`; for the admin, waits until every admin card has its data. */
export async function optionsSignedInAs(options: Page, backendUrl: string, email: string): Promise<void> {
  const d = playwrightDriver(options);
  await setBackendUrlInOptions(d, backendUrl);
  await signInInOptions(d, email);
  if (email !== acme.users.superAdmin.email) return;
  await expect.poll(() => options.getByTestId('member-row').count()).toBe(4);
  await expect.poll(() => options.getByTestId('identity-row').count()).toBe(4);
  await expect.poll(() => options.getByTestId('identity-card').getByRole('combobox', { name: `HubSpot user for ${PENDING_EMAIL}` }).count()).toBe(1);
  await expect.poll(() => options.getByTestId('properties-save').count()).toBe(1);
  await expect.poll(() => options.getByTestId('install-state').getAttribute('data-state')).toBe('connected');
}
