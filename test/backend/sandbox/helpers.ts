import { SANDBOX_APP } from '../../../backend/sandbox/seed.js';
import { startSandbox, type StartOptions, type StartedSandbox } from '../../../backend/sandbox/start.js';

/** Shared helpers for the sandbox suites: start a sandbox, drive the consent form, call the API. */

export const REDIRECT_URI = 'http://localhost:3999/oauth/callback';

export async function start(opts: StartOptions = {}): Promise<StartedSandbox> {
  return startSandbox({ port: 0, ...opts });
}

export interface ConsentResult {
  status: number;
  location: URL | null;
  params: Record<string, string>;
  /** The page shown instead of a redirect (refusals, cancel), HTML-unescaped enough to search. */
  text: string;
}

/** Posts the consent form as the tester's browser would after picking `portalId:userId`. */
export async function consent(
  url: string,
  portalId: number,
  userId: number,
  opts: { scope?: string; optionalScope?: string; state?: string; clientId?: string; redirectUri?: string; action?: 'approve' | 'deny' } = {},
): Promise<ConsentResult> {
  const form = new URLSearchParams({
    client_id: opts.clientId ?? SANDBOX_APP.clientId,
    redirect_uri: opts.redirectUri ?? REDIRECT_URI,
    scope: opts.scope ?? 'oauth crm.objects.contacts.read crm.objects.contacts.write',
    state: opts.state ?? 'st-1',
    user: `${portalId}:${userId}`,
    action: opts.action ?? 'approve',
  });
  if (opts.optionalScope) form.set('optional_scope', opts.optionalScope);
  const res = await fetch(`${url}/oauth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' });
  const loc = res.headers.get('location');
  const location = loc ? new URL(loc) : null;
  const text = (await res.text()).replaceAll('&#39;', "'");
  return { status: res.status, location, params: location ? Object.fromEntries(location.searchParams) : {}, text };
}

export async function exchange(url: string, code: string, redirectUri = REDIRECT_URI): Promise<Response> {
  return fetch(`${url}/oauth/2026-03/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret, redirect_uri: redirectUri, code }),
  });
}

export async function api(url: string, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
