import type { Page } from 'playwright-core';
import { SEED } from '../../../backend/sandbox/seed';
import type { Stack } from '../../e2e/harness/stack';
import { signUpOverHttp } from '../../helpers/sign-up';
import { approveInstall } from '../../backend/ops/api';
import { chromiumPanel } from '../../e2e/harness/panel-access';

/**
 * Set-up for the browser rows, over the backend's real HTTP API and the extension's real options
 * page: a workspace, the portal connected through the sandbox's consent form (as a browser would:
 * ticket → start page button → consent → the extension's hand-back), a rep linked to their HubSpot user, and that
 * rep signed in in the extension. Mirrors test/e2e/harness/api-setup.ts without vitest, since
 * benchmarks are plain scripts.
 */
export const ACME = SEED.portals.acme;
export const PASSWORD = 'correct horse battery staple';

type Json = Record<string, any>;

async function api(stack: Stack, method: string, path: string, token: string | null, body?: unknown): Promise<Json> {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** Workspace (admin = the portal's super admin), connected install, and `repEmail` invited, joined and linked. */
export async function connectedWorkspaceWithRep(stack: Stack, repEmail: string): Promise<void> {
  const admin = (await signUpOverHttp(stack.server.url, stack.dataDir, { workspaceName: 'Acme Sales', email: ACME.users.superAdmin.email, password: PASSWORD })).token as string;
  const ticket = await api(stack, 'POST', '/api/v1/install/tickets', admin, { reconnect: false });
  await approveInstall(stack.server.url, admin, { ticketId: ticket.ticketId, startUrl: ticket.startUrl }, stack.sandbox.url, ACME.users.superAdmin.userId);
  const status = await api(stack, 'GET', '/api/v1/install', admin);
  if (status.state !== 'connected') throw new Error(`install not connected: ${JSON.stringify(status)}`);

  const created = await api(stack, 'POST', '/api/v1/members', admin, { email: repEmail, role: 'member' });
  await api(stack, 'POST', '/api/v1/invites/accept', null, { code: created.invite.code, password: PASSWORD });
  await api(stack, 'POST', '/api/v1/identity/sync', admin, {});
  const list = await api(stack, 'GET', '/api/v1/identity/members', admin);
  const entry = (list.members as Array<{ memberId: string; proposal: { userId: string } | null }>).find((m) => m.memberId === created.member.id);
  if (!entry?.proposal) throw new Error(`no HubSpot user proposal for ${repEmail}`);
  await api(stack, 'PUT', `/api/v1/identity/members/${created.member.id}/link`, admin, { hubspotUserId: entry.proposal.userId });
}

/** A second session for `email` (the browser keeps its own), for requests straight to the backend. */
export async function signInApi(backendUrl: string, email: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** On the extension's options page: point it at the backend, then sign in as `email`. */
export async function signInThroughOptions(options: Page, backendUrl: string, email: string): Promise<void> {
  const url = options.getByTestId('backend-url');
  await url.waitFor();
  await options.waitForFunction(() => ((document.querySelector('[data-testid="backend-url"]') as HTMLInputElement | null)?.value ?? '') !== '');
  await url.fill(backendUrl);
  await options.getByTestId('backend-url-save').click();
  await options.getByTestId('backend-url-notice').waitFor();
  await options.fill('[data-testid="sign-in-form"] input[type="email"]', email);
  await options.fill('[data-testid="sign-in-form"] input[type="password"]', PASSWORD);
  await options.click('[data-testid="sign-in-form"] button[type="submit"]');
  await options.waitForFunction((e) => (document.querySelector('[data-testid="whoami"]')?.textContent ?? '').includes(e), email, { timeout: 15_000 });
}

/** Waits until the panel (a closed shadow root, read over CDP) shows a verdict and summary for contact `id`. */
export async function waitForVerdict(page: Page, id: string, timeout = 15_000): Promise<void> {
  const inPanel = chromiumPanel(page);
  const deadline = Date.now() + timeout;
  for (;;) {
    const shown = await inPanel(
      (root, want) => root.querySelector('[data-testid="portside-contact"]')?.textContent === want && !!root.querySelector('[data-testid="portside-access"]') && !!root.querySelector('[data-testid="portside-summary"]'),
      id,
    );
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`no verdict for contact ${id} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
