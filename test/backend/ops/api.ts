import { SEED } from '../../../backend/sandbox/seed';

/**
 * The backend's HTTP API as the extension uses it, for the operations tests' set-up and bursts:
 * a workspace whose admin is Acme's super admin, the portal connected through the sandbox's
 * consent form (as a browser would), a second rep linked by the admin, then writes.
 */
export const ACME = SEED.portals.acme;
export const PASSWORD = 'correct horse battery staple';

export async function api<T = Record<string, unknown>>(base: string, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

async function must<T = Record<string, unknown>>(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const r = await api<T>(base, method, path, token, body);
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface Team {
  adminToken: string;
  repToken: string;
}

/** Workspace + install + linked admin and rep, all through `base`. */
/**
 * An admin's install, as the extension drives it: the start page's button (a same-origin form
 * POST), the sandbox's consent screen approved as `userId` of Acme, then the callback URL's
 * `code`/`state` handed back to the API with the admin's session. Returns that API answer (the
 * finished ticket).
 */
export async function approveInstall(base: string, adminToken: string, ticket: { ticketId: string; startUrl: string }, sandboxUrl: string, userId: number): Promise<Response> {
  const form = new URLSearchParams({ ticket: new URL(ticket.startUrl).searchParams.get('ticket') ?? '' });
  const start = await fetch(`${base}/install/start`, { method: 'POST', body: form, headers: { 'sec-fetch-site': 'same-origin' }, redirect: 'manual' });
  const consentForm = new URLSearchParams(new URL(start.headers.get('location')!).searchParams);
  consentForm.set('user', `${ACME.portalId}:${userId}`);
  consentForm.set('action', 'approve');
  const consent = await fetch(`${sandboxUrl}/oauth/authorize/consent`, { method: 'POST', body: consentForm, redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!).searchParams;
  const answer = Object.fromEntries(['state', 'code', 'error', 'error_description'].filter((k) => back.has(k)).map((k) => [k, back.get(k)!]));
  return fetch(`${base}/api/v1/install/tickets/${ticket.ticketId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(answer),
  });
}

export async function setUpTeam(base: string, sandboxUrl: string): Promise<Team> {
  const admin = ACME.users.superAdmin;
  const rep = ACME.users.everything;
  const { token: adminToken } = await must<{ token: string }>(base, 'POST', '/api/v1/workspaces', null, { workspaceName: 'Acme Sales', email: admin.email, password: PASSWORD });
  const ticket = await must<{ ticketId: string; startUrl: string }>(base, 'POST', '/api/v1/install/tickets', adminToken, { reconnect: false });
  const done = await approveInstall(base, adminToken, ticket, sandboxUrl, admin.userId);
  if (done.status >= 400) throw new Error(`install complete → ${done.status}`);
  const created = await must<{ member: { id: string }; invite: { code: string } }>(base, 'POST', '/api/v1/members', adminToken, { email: rep.email, role: 'member' });
  await must(base, 'POST', '/api/v1/invites/accept', null, { code: created.invite.code, password: PASSWORD });
  await must(base, 'POST', '/api/v1/identity/sync', adminToken, {});
  const me = await must<{ member: { id: string } }>(base, 'GET', '/api/v1/me', adminToken);
  const list = await must<{ members: Array<{ memberId: string; proposal: { userId: string } | null }> }>(base, 'GET', '/api/v1/identity/members', adminToken);
  for (const memberId of [me.member.id, created.member.id]) {
    const proposal = list.members.find((m) => m.memberId === memberId)?.proposal;
    if (!proposal) throw new Error(`no HubSpot user proposed for ${memberId}`);
    await must(base, 'PUT', `/api/v1/identity/members/${memberId}/link`, adminToken, { hubspotUserId: proposal.userId });
  }
  const { token: repToken } = await must<{ token: string }>(base, 'POST', '/api/v1/auth/sign-in', null, { email: rep.email, password: PASSWORD });
  return { adminToken, repToken };
}

export interface PlannedWrite {
  key: string;
  token: string;
  contactId: number;
  body: { kind: 'note'; body: string } | { kind: 'task'; subject: string };
  /** The text that identifies it in HubSpot (unique per write). */
  tag: string;
}

/** `n` notes and tasks over Acme's contacts 101–130, alternating reps, each with a unique tag. */
export function planWrites(team: Team, n: number, prefix: string): PlannedWrite[] {
  return Array.from({ length: n }, (_, i) => {
    const tag = `${prefix}-${String(i).padStart(4, '0')}`;
    return {
      key: `burst-${tag}`,
      token: i % 2 === 0 ? team.adminToken : team.repToken,
      contactId: 101 + (i % 30),
      body: i % 3 === 2 ? { kind: 'task' as const, subject: `Follow up ${tag}` } : { kind: 'note' as const, body: `Called about ${tag}` },
      tag,
    };
  });
}

/** Sends one write; a transport error (instance gone) is reported as status 0. */
export async function sendWrite(base: string, w: PlannedWrite): Promise<{ status: number; writeId: string | null; error?: unknown }> {
  try {
    const r = await api<{ write?: { id: string } }>(base, 'POST', `/api/v1/portals/${ACME.portalId}/contacts/${w.contactId}/writes`, w.token, w.body, { 'idempotency-key': w.key });
    return { status: r.status, writeId: r.body.write?.id ?? null, ...(r.status >= 300 ? { error: r.body } : {}) };
  } catch {
    return { status: 0, writeId: null };
  }
}
