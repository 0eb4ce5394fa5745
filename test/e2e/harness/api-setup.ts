import { expect } from 'vitest';
import { signUpOverHttp } from '../../helpers/sign-up';
import type { Stack } from './stack';

/**
 * Fast set-up over the backend's real HTTP API, for journeys whose subject is not set-up itself:
 * a workspace, a connected portal (through the sandbox's consent form, as a browser would), and
 * members linked to their HubSpot users.
 */
type Json = Record<string, unknown>;

async function api(stack: Stack, method: string, path: string, token: string | null, body?: unknown): Promise<Json> {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${path} → ${res.status} ${text}`).toBe(true);
  return text ? (JSON.parse(text) as Json) : {};
}

export const PASSWORD = 'correct horse battery staple';

export async function createWorkspace(stack: Stack, email: string): Promise<string> {
  const r = await signUpOverHttp(stack.server.url, stack.dataDir, { workspaceName: 'Acme Sales', email, password: PASSWORD });
  return r.token as string;
}

/**
 * The install round trip as the admin's extension drives it: ticket → start button → consent as `userId` → hand-back.
 * `withhold`: optional scopes HubSpot does not grant, as it silently drops those a portal's
 * subscription lacks (an install without deals); `reconnect` replaces the current install.
 */
export async function connectPortal(stack: Stack, adminToken: string, portalId: number, userId: number, opts: { reconnect?: boolean; withhold?: string[] } = {}): Promise<void> {
  const { ticketId, startUrl } = (await api(stack, 'POST', '/api/v1/install/tickets', adminToken, { reconnect: opts.reconnect ?? false })) as { ticketId: string; startUrl: string };
  const form = new URLSearchParams({ ticket: new URL(startUrl).searchParams.get('ticket') ?? '' });
  const start = await fetch(`${stack.server.url}/install/start`, { method: 'POST', body: form, headers: { 'sec-fetch-site': 'same-origin' }, redirect: 'manual' });
  const authorize = new URL(start.headers.get('location')!);
  const consentForm = new URLSearchParams(authorize.searchParams);
  consentForm.set('user', `${portalId}:${userId}`);
  consentForm.set('action', 'approve');
  if (opts.withhold?.length) {
    const asked = (consentForm.get('optional_scope') ?? '').split(' ').filter(Boolean);
    for (const scope of opts.withhold) expect(asked, `Portside asks for ${scope} as an optional scope`).toContain(scope);
    consentForm.set('optional_scope', asked.filter((scope) => !opts.withhold!.includes(scope)).join(' '));
  }
  const consent = await fetch(`${stack.sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: consentForm, redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!).searchParams;
  await api(stack, 'POST', `/api/v1/install/tickets/${ticketId}/complete`, adminToken, { state: back.get('state'), code: back.get('code') });
  const status = await api(stack, 'GET', '/api/v1/install', adminToken);
  expect(status.state).toBe('connected');
}

/** Invites `email`, accepts the invite, and has the admin confirm the proposed HubSpot link. */
export async function addLinkedMember(stack: Stack, adminToken: string, email: string): Promise<void> {
  const created = (await api(stack, 'POST', '/api/v1/members', adminToken, { email, role: 'member' })) as { member: { id: string }; invite: { code: string } };
  await api(stack, 'POST', '/api/v1/invites/accept', null, { code: created.invite.code, password: PASSWORD });
  await linkByProposal(stack, adminToken, created.member.id);
}

export async function linkByProposal(stack: Stack, adminToken: string, memberId: string): Promise<void> {
  await api(stack, 'POST', '/api/v1/identity/sync', adminToken, {});
  const list = (await api(stack, 'GET', '/api/v1/identity/members', adminToken)) as { members: Array<{ memberId: string; proposal: { userId: string } | null }> };
  const entry = list.members.find((m) => m.memberId === memberId);
  expect(entry?.proposal, `a HubSpot user proposal for member ${memberId}`).toBeTruthy();
  await api(stack, 'PUT', `/api/v1/identity/members/${memberId}/link`, adminToken, { hubspotUserId: entry!.proposal!.userId });
}

export async function adminMemberId(stack: Stack, adminToken: string): Promise<string> {
  const me = (await api(stack, 'GET', '/api/v1/me', adminToken)) as { member: { id: string } };
  return me.member.id;
}

export async function signInApi(stack: Stack, email: string): Promise<string> {
  const r = await api(stack, 'POST', '/api/v1/auth/sign-in', null, { email, password: PASSWORD });
  return r.token as string;
}

export async function setEditableProperties(stack: Stack, adminToken: string, properties: string[]): Promise<void> {
  await api(stack, 'PUT', '/api/v1/settings/editable-properties', adminToken, { properties });
}

/** The rep's side of an invite an admin made elsewhere (e.g. in the options page): accepts it with PASSWORD. */
export async function acceptInvite(stack: Stack, code: string): Promise<void> {
  await api(stack, 'POST', '/api/v1/invites/accept', null, { code, password: PASSWORD });
}
