import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call, createWorkspace, inviteAndAccept, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { auditActions, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from '../install/harness';

/**
 * Issue 14, item 1: a start link connects a portal only for the admin who made it.
 *
 * `Browser` is a person's browser, not Portside's: it opens a link, submits the page's form the way
 * a browser does (same-origin, hidden fields), keeps cookies, and lands on whatever HubSpot
 * redirects to. It has no Portside extension and no Portside session. Only the admin's extension
 * (`handBack`, with the admin's bearer session) may finish an install.
 */

const acme = SEED.portals.acme;
const free = SEED.portals.free;
const ANSWER_KEYS = ['state', 'code', 'error', 'error_description'];

class Browser {
  private cookies = new Map<string, string>();
  constructor(private h: Harness) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(setCookie: unknown) {
    for (const c of [setCookie ?? []].flat().map(String)) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      this.cookies.set(k!.trim(), v.join('='));
    }
  }

  async request(method: 'GET' | 'HEAD' | 'POST', url: string, form?: URLSearchParams) {
    const res = await this.h.app.inject({
      method,
      url,
      headers: {
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' } : {}),
      },
      ...(form ? { payload: form.toString() } : {}),
    });
    this.keep(res.headers['set-cookie']);
    return res;
  }

  /** Opens the start link and clicks through to HubSpot's authorize page, however the page asks for it. */
  async toHubSpot(startUrl: string): Promise<URL> {
    const u = new URL(startUrl);
    let res = await this.request('GET', `${u.pathname}${u.search}`);
    const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(res.body);
    if (form) {
      const fields = new URLSearchParams([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
      res = await this.request('POST', form[1]!, fields);
    }
    expect([302, 303], res.body.slice(0, 300)).toContain(res.statusCode);
    return new URL(String(res.headers.location));
  }

  /** Approves (as `userId`) on the sandbox consent page and follows HubSpot's redirect back. */
  async approveAndReturn(authorize: URL, portalId: number, userId: number) {
    const consentForm = new URLSearchParams(authorize.searchParams);
    consentForm.set('user', `${portalId}:${userId}`);
    consentForm.set('action', 'approve');
    const res = await fetch(`${this.h.sandbox.url}/oauth/authorize/consent`, { method: 'POST', body: consentForm, redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    const page = await this.request('GET', `${back.pathname}${back.search}`);
    return { callback: back, page };
  }
}

/** What the admin's extension does with the callback URL it saw in its own install tab. */
function handBack(h: Harness, token: string, ticketId: string, callback: URL) {
  const body = Object.fromEntries(ANSWER_KEYS.filter((k) => callback.searchParams.has(k)).map((k) => [k, callback.searchParams.get(k)!]));
  return call(h.app, 'POST', `/api/v1/install/tickets/${ticketId}/complete`, { token, body });
}

async function newTicket(h: Harness, admin: SignedIn) {
  const res = await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body: {} });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { ticketId: string; startUrl: string };
}

describeEngines('round 2: install binding', (ctx) => {
  let h: Harness;
  const exchanges = () => h.sandbox.sandbox.control.counters().tokenExchanges;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  it('a forwarded start link connects nothing in the browser it reaches, and says so', async () => {
    const stranger = await workspace(h, 'Stranger Inc');
    const t = await newTicket(h, stranger);
    const before = exchanges();
    const victim = new Browser(h);
    const { page } = await victim.approveAndReturn(await victim.toHubSpot(t.startUrl), acme.portalId, acme.users.superAdmin.userId);
    expect(page.body).toContain('nothing was connected');
    expect(exchanges()).toBe(before);
    expect(await installRow(h, stranger.workspace.id)).toBeUndefined();
    expect((await ticket(h, stranger, t.ticketId)).outcome).toBeNull();
  });

  it('no one but the admin who made the ticket can hand the answer back: no session, another admin, another workspace, a disabled creator', async () => {
    const creator = await workspace(h, 'Creator Co');
    const colleague = await inviteAndAccept(h.app, creator.token, 'admin');
    const elsewhere = await workspace(h, 'Elsewhere Ltd');
    const t = await newTicket(h, creator);
    const before = exchanges();
    const browser = new Browser(h);
    const { callback } = await browser.approveAndReturn(await browser.toHubSpot(t.startUrl), acme.portalId, acme.users.superAdmin.userId);

    const body = Object.fromEntries(ANSWER_KEYS.filter((k) => callback.searchParams.has(k)).map((k) => [k, callback.searchParams.get(k)!]));
    expect((await call(h.app, 'POST', `/api/v1/install/tickets/${t.ticketId}/complete`, { body })).statusCode).toBe(401);
    expect((await handBack(h, colleague.token, t.ticketId, callback)).statusCode).toBe(404);
    expect((await handBack(h, elsewhere.token, t.ticketId, callback)).statusCode).toBe(404);
    // The callback URL carried to the creator's own browser page still exchanges nothing there.
    expect((await new Browser(h).request('GET', `${callback.pathname}${callback.search}`)).body).toContain('If you did not start this from your own Portside options page, nothing was connected');
    expect((await call(h.app, 'POST', `/api/v1/members/${creator.member.id}/disable`, { token: colleague.token })).statusCode).toBe(200);
    expect((await handBack(h, creator.token, t.ticketId, callback)).statusCode).toBe(401);

    expect(exchanges()).toBe(before);
    for (const ws of [creator.workspace.id, elsewhere.workspace.id]) expect(await installRow(h, ws)).toBeUndefined();
    const row = await h.deps.db.selectFrom('install_tickets').select(['status', 'result']).where('id', '=', t.ticketId).executeTakeFirst();
    expect(row).toEqual({ status: 'started', result: null });
  });

  it('link scanners (HEAD, prefetch GET, repeated GETs) do not spend or change the ticket', async () => {
    const admin = await workspace(h, 'Scanned');
    const t = await newTicket(h, admin);
    const u = new URL(t.startUrl);
    const scanner = new Browser(h);
    for (const method of ['HEAD', 'GET', 'GET', 'HEAD', 'GET'] as const) expect((await scanner.request(method, `${u.pathname}${u.search}`)).statusCode).toBeLessThan(400);
    const after = await ticket(h, admin, t.ticketId);
    expect(after.status).toBe('pending');
    const page = await scanner.request('GET', `${u.pathname}${u.search}`);
    expect(page.body).toContain('Scanned');
    expect(page.body).toContain(admin.email);
    expect(page.body).toContain('Continue to HubSpot');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'none'/);
  });

  it('the button only works from its own page (cross-site form posts are refused and spend nothing)', async () => {
    const admin = await workspace(h, 'Csrf');
    const t = await newTicket(h, admin);
    const payload = new URLSearchParams({ ticket: new URL(t.startUrl).searchParams.get('ticket')! }).toString();
    const post = (headers: Record<string, string>) => h.app.inject({ method: 'POST', url: '/install/start', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
    expect((await post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await ticket(h, admin, t.ticketId)).status).toBe('pending');
  });

  it('an approval by someone other than the admin still connects, but is shown to the admin and audited', async () => {
    const admin = await workspace(h, 'Mismatch');
    const t = await newTicket(h, admin);
    const browser = new Browser(h);
    const { callback } = await browser.approveAndReturn(await browser.toHubSpot(t.startUrl), acme.portalId, acme.users.superAdmin.userId);
    await handBack(h, admin.token, t.ticketId, callback);
    const view = await ticket(h, admin, t.ticketId);
    expect(view.outcome?.code).toBe('connected');
    expect(view.installer).toEqual({ matches: false, hubspotEmail: acme.users.superAdmin.email, hubspotUserId: String(acme.users.superAdmin.userId), adminEmail: admin.email });
    const audit = (await auditActions(h, admin.workspace.id)).filter((a) => a.action === 'install.installer_mismatch');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toEqual({ ticketId: t.ticketId, portalId: String(acme.portalId), hubspotEmail: acme.users.superAdmin.email, hubspotUserId: String(acme.users.superAdmin.userId), adminEmail: admin.email });
    expect(audit[0]!.details).not.toMatch(new RegExp(callback.searchParams.get('code')!));
    const status = (await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json();
    expect(status.health.installer).toMatchObject({ email: acme.users.superAdmin.email, memberEmail: admin.email, matchesMember: false });
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('the admin approving as themselves (email in any case) is no mismatch', async () => {
    const admin = await createWorkspace(h.app, { email: free.users.superAdmin.email.toUpperCase(), workspaceName: 'Same person' });
    const t = await newTicket(h, admin);
    const browser = new Browser(h);
    const { callback } = await browser.approveAndReturn(await browser.toHubSpot(t.startUrl), free.portalId, free.users.superAdmin.userId);
    await handBack(h, admin.token, t.ticketId, callback);
    const view = await ticket(h, admin, t.ticketId);
    expect(view.outcome?.code).toBe('connected');
    expect(view.installer?.matches).toBe(true);
    expect((await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json().health.installer.matchesMember).toBe(true);
    expect((await auditActions(h, admin.workspace.id)).map((a) => a.action)).not.toContain('install.installer_mismatch');
  });
});
