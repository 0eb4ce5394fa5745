import { expect } from 'vitest';
import type { TicketView } from '../../../lib/contract/api/install';
import { call, type SignedIn } from '../helpers/accounts-app';
import type { Harness } from './harness';

/**
 * The install round trip over the harness: the admin's start page and its button, the sandbox's
 * consent page, the callback page (which exchanges nothing), and the extension's hand-back of
 * the callback URL's answer with the admin's session.
 */

export interface InstallRun {
  ticketId: string;
  /** The callback URL path+query HubSpot sent the browser to (holds code and state). */
  callbackUrl: string | null;
  /** The callback page the install tab showed (it exchanges nothing). */
  page: { status: number; html: string; headers: Record<string, unknown> };
  /** The extension's hand-back: status and the ticket it answered with. */
  status: number;
  view: TicketView | null;
  outcome: string | null;
  /** The ticket's outcome texts and diagnostics, as the options page shows them. */
  text: string;
}

/** The admin's browser on the start link: the page (GET), then its button (a same-origin form POST). */
export async function pressContinue(h: Harness, startUrl: string, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) {
  const ticket = new URL(startUrl).searchParams.get('ticket') ?? '';
  return h.app.inject({ method: 'POST', url: '/install/start', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams({ ticket }).toString() });
}

/** Mints a ticket, shows the start page and presses its button; returns HubSpot's authorize URL. */
export async function begin(h: Harness, admin: SignedIn, body: object = {}) {
  const created = await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body });
  expect(created.statusCode, created.body).toBe(201);
  const { ticketId, startUrl } = created.json() as { ticketId: string; startUrl: string };
  const start = new URL(startUrl);
  // The ticket is meant to be in this one answer (the admin's own start link); nowhere else.
  h.secrets.add(start.searchParams.get('ticket')!);
  const page = await h.app.inject({ method: 'GET', url: `${start.pathname}${start.search}` });
  const res = await pressContinue(h, startUrl);
  const location = res.headers.location ? new URL(String(res.headers.location)) : null;
  if (location) h.secrets.add(location.searchParams.get('state')!);
  return { ticketId, startUrl, page, start: res, authorizeUrl: location };
}

/** The tester's browser on the sandbox consent page: picks `portalId:userId` and approves or denies. */
export async function consent(h: Harness, authorizeUrl: URL, portalId: number, userId: number, action: 'approve' | 'deny' = 'approve'): Promise<string> {
  const form = new URLSearchParams(authorizeUrl.searchParams);
  form.set('user', `${portalId}:${userId}`);
  form.set('action', action);
  const res = await fetch(`${h.sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  const code = back.searchParams.get('code');
  if (code) h.secrets.add(code);
  return `${back.pathname}${back.search}`;
}

/** The consent page refusing (role, tier, scopes) or cancelling: HubSpot's own page, nothing sent back. Returns the page's text. */
export async function consentRefused(h: Harness, authorizeUrl: URL, portalId: number, userId: number, action: 'approve' | 'deny' = 'approve'): Promise<string> {
  const form = new URLSearchParams(authorizeUrl.searchParams);
  form.set('user', `${portalId}:${userId}`);
  form.set('action', action);
  const res = await fetch(`${h.sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.headers.get('location')).toBeNull();
  return (await res.text()).replaceAll('&#39;', "'");
}

/** The install tab landing on the callback URL: only a notice page, whoever opens it. */
export async function callbackPage(h: Harness, url: string) {
  const res = await h.app.inject({ method: 'GET', url });
  return { status: res.statusCode, html: res.body, headers: res.headers as Record<string, unknown> };
}

/** What the extension's install-tab watcher does with the callback URL: hands it to the API as `token`. */
export async function handBack(h: Harness, token: string, ticketId: string, url: string) {
  const q = new URL(`http://x${url}`).searchParams;
  const body = Object.fromEntries(['state', 'code', 'error', 'error_description'].filter((k) => q.has(k)).map((k) => [k, q.get(k)!]));
  return call(h.app, 'POST', `/api/v1/install/tickets/${ticketId}/complete`, { token, body });
}

export async function finishAs(h: Harness, token: string, ticketId: string, url: string): Promise<Omit<InstallRun, 'ticketId' | 'callbackUrl'>> {
  const page = await callbackPage(h, url);
  const res = await handBack(h, token, ticketId, url);
  const view = res.statusCode === 200 ? (res.json() as TicketView) : null;
  const t = view?.outcome?.text;
  const text = [t?.title, t?.explanation, t?.whatToDo, view?.diagnosticsText].filter(Boolean).join('\n');
  return { page, status: res.statusCode, view, outcome: view?.outcome?.code ?? null, text };
}

/** The whole round trip as `userId` of `portalId`, finished by the admin's own extension. */
export async function installAs(h: Harness, admin: SignedIn, portalId: number, userId: number, opts: { body?: object } = {}): Promise<InstallRun> {
  const b = await begin(h, admin, opts.body);
  expect(b.start.statusCode, b.start.body).toBe(303);
  const cb = await consent(h, b.authorizeUrl!, portalId, userId);
  return { ticketId: b.ticketId, callbackUrl: cb, ...(await finishAs(h, admin.token, b.ticketId, cb)) };
}
