import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_HOOK, MEMBER_HOOK } from '../../../backend/http/authenticate';
import { routeTable } from '../../../backend/http/route-table';
import { SEED } from '../../../backend/sandbox/seed';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { describeEngines } from '../helpers/engines';
import { contentReader, startHostileStack, type HostileStack } from './stack';
import { freshActor, seedTenants, type Actor, type Tenant } from './tenants';

/**
 * Who may do what to whom, generated from the app's route table: every /api/v1 route and method
 * the app serves × every kind of caller of workspace A (admin, member, disabled member, expired
 * session, no session) × A's own resources and workspace B's. B's ids are swapped in wherever a
 * request carries one: the path, the body, the record a write is associated with. EXPECTED below
 * is the specification; a served route without an entry (or an entry for a route not served)
 * fails, as does an entry whose declared access differs from the hook that really guards it.
 *
 * For every denied cell:
 *  - the status and the standard error shape;
 *  - HubSpot (the sandbox) saw no request;
 *  - no table changed — content, not only row counts — except audit_log;
 *  - a denial is on record: 403/404 to a signed-in caller → a denied audit row in the caller's own
 *    workspace (the service's own row, or `access.denied` with route and reason, once per window);
 *    401 → no row anywhere (no trustworthy workspace; see services/audit/denials.ts) but a
 *    `security.unauthenticated` log line with method, route and reason.
 */
type Who = 'admin' | 'member' | 'disabled' | 'expired' | 'none';
const WHO: Who[] = ['admin', 'member', 'disabled', 'expired', 'none'];

interface Ids {
  write: { a: string; b: string };
  ticket: { a: string; b: string };
}
interface Ctx {
  /** The caller's tenant (always A) and the other one. */
  a: Tenant;
  b: Tenant;
  ids: Ids;
  actor: Actor;
}
interface Req {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Swap {
  /** What of B's is put where. */
  swap: string;
  req: (c: Ctx) => Req;
  status: number;
  /** The answer for a caller that may use the route but names B's resource. */
  filtered?: { why: string; body: unknown };
  /** Why the refusal may still read the caller's *own* portal at HubSpot (never B's). */
  ownPortalReads?: string;
}
interface Entry {
  access: 'member' | 'admin';
  own: { req: (c: Ctx) => Req; status: number };
  /** B's ids swapped in; empty only with `tenantless`. */
  other: Swap[];
  tenantless?: string;
  /** The allowed own-workspace call ends or changes the caller's session: run it as a throwaway actor of that role. */
  throwaway?: true;
  /** Puts back what the allowed own-workspace call changed, for the cells after it. */
  restore?: (s: HostileStack, c: Ctx) => Promise<void>;
}

const record = (t: Tenant) => `/api/v1/portals/${t.portalId}/contacts/${t.contactId}`;
const key = () => ({ 'idempotency-key': randomUUID() });
/** The object routes, on a contact: the tenancy question is the portal and record in the path, whatever the object. */
const objectRecord = (t: Tenant, recordId = t.contactId) => `/api/v1/portals/${t.portalId}/objects/0-1/${recordId}`;
const note = { kind: 'note', body: 'matrix note' };
const SESSION_ONLY = 'acts on the caller (or the caller\u2019s own workspace, from the session) and carries no id that could name workspace B';

// prettier-ignore
const EXPECTED: Record<string, Entry> = {
  // Signed-in routes.
  'POST /api/v1/auth/sign-out': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/auth/sign-out' }), status: 204 } },
  'GET /api/v1/me': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/me' }), status: 200 } },
  'PATCH /api/v1/me': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/me', body: { displayName: 'Matrix' } }), status: 200 } },
  'POST /api/v1/me/password': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [],
    own: { req: (c) => ({ url: '/api/v1/me/password', body: { currentPassword: c.actor.password, newPassword: `${c.actor.password}-new` } }), status: 200 } },
  'GET /api/v1/install': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/install' }), status: 200 } },
  'GET /api/v1/identity/me': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/identity/me' }), status: 200 } },
  // Proofs act on the caller only (a fresh, unverified, unlinked actor per cell: codes and limits are per member).
  'POST /api/v1/me/email/code': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/me/email/code', body: {} }), status: 202 } },
  'POST /api/v1/me/email/verify': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/me/email/verify', body: { code: '00000000' } }), status: 400 } },
  'POST /api/v1/identity/me/link-proof': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/identity/me/link-proof', body: {} }), status: 403 } },
  'POST /api/v1/identity/me/link-proof/verify': { access: 'member', throwaway: true, tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/identity/me/link-proof/verify', body: { code: '00000000' } }), status: 403 } },
  'GET /api/v1/settings/editable-properties': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/settings/editable-properties' }), status: 200 } },
  'GET /api/v1/settings/task-options': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/settings/task-options' }), status: 200 } },
  'GET /api/v1/settings/call-outcomes': { access: 'member', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/settings/call-outcomes' }), status: 200 } },
  'GET /api/v1/portals/:portalId/contacts/:contactId/view': { access: 'member', own: { req: (c) => ({ url: `${record(c.a)}/view` }), status: 200 }, other: [
    { swap: "B's portal and contact in the path", req: (c) => ({ url: `${record(c.b)}/view` }), status: 404 },
    { swap: "B's portal with A's contact", req: (c) => ({ url: `/api/v1/portals/${c.b.portalId}/contacts/${c.a.contactId}/view` }), status: 404 },
  ] },
  // The object view (a contact through it: the own call must not depend on which optional object scopes the install got).
  'GET /api/v1/portals/:portalId/objects/:objectType/:recordId/view': { access: 'member', own: { req: (c) => ({ url: `/api/v1/portals/${c.a.portalId}/objects/0-1/${c.a.contactId}/view` }), status: 200 }, other: [
    { swap: "B's portal and contact in the path", req: (c) => ({ url: `/api/v1/portals/${c.b.portalId}/objects/0-1/${c.b.contactId}/view` }), status: 404 },
    { swap: "B's portal with a deal id", req: (c) => ({ url: `/api/v1/portals/${c.b.portalId}/objects/0-3/${SEED.portals.free.objects!.deals.ovens!.id}/view` }), status: 404 },
  ] },
  'POST /api/v1/portals/:portalId/contacts/:contactId/writes': { access: 'member', own: { req: (c) => ({ url: `${record(c.a)}/writes`, body: note, headers: key() }), status: 202 }, other: [
    { swap: "B's portal and contact in the path", req: (c) => ({ url: `${record(c.b)}/writes`, body: note, headers: key() }), status: 404 },
    { swap: "A's portal, B's contact as the association target", req: (c) => ({ url: `/api/v1/portals/${c.a.portalId}/contacts/${c.b.contactId}/writes`, body: note, headers: key() }), status: 403,
      ownPortalReads: 'the access check reads the named contact in the caller\u2019s own portal, finds none, and refuses' },
  ] },
  'GET /api/v1/portals/:portalId/contacts/:contactId/writes': { access: 'member', own: { req: (c) => ({ url: `${record(c.a)}/writes` }), status: 200 }, other: [
    { swap: "B's portal and contact in the path", req: (c) => ({ url: `${record(c.b)}/writes` }), status: 200,
      filtered: { why: 'the list is a query inside the caller\u2019s workspace: B\u2019s writes look like none at all (the writes service\u2019s promise), so there is no refusal to record', body: { writes: [] } } },
  ] },
  'GET /api/v1/writes/:writeId': { access: 'member', own: { req: (c) => ({ url: `/api/v1/writes/${c.ids.write.a}` }), status: 200 }, other: [
    { swap: "B's write id in the path", req: (c) => ({ url: `/api/v1/writes/${c.ids.write.b}` }), status: 404 },
  ] },
  'POST /api/v1/writes/:writeId/retry': { access: 'member', own: { req: (c) => ({ url: `/api/v1/writes/${c.ids.write.a}/retry`, body: {} }), status: 409 }, other: [
    { swap: "B's write id in the path", req: (c) => ({ url: `/api/v1/writes/${c.ids.write.b}/retry`, body: {} }), status: 404 },
  ] },

  // Admin routes.
  'GET /api/v1/audit/export': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/audit/export?format=jsonl' }), status: 200 } },
  'GET /api/v1/members': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/members' }), status: 200 } },
  'POST /api/v1/members': { access: 'admin', tenantless: 'invites into the caller\u2019s own workspace; the body names an email and a role, no id', other: [],
    own: { req: () => ({ url: '/api/v1/members', body: { email: `matrix.${randomUUID()}@example.test`, role: 'member' } }), status: 201 } },
  'PUT /api/v1/members/:memberId/role': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/members/${c.a.actors.member.memberId}/role`, body: { role: 'member' } }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/members/${c.b.actors.member.memberId}/role`, body: { role: 'admin' } }), status: 404 },
  ] },
  'POST /api/v1/members/:memberId/disable': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/members/${c.a.actors.expired.memberId}/disable` }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/members/${c.b.actors.member.memberId}/disable` }), status: 404 },
  ] },
  'POST /api/v1/members/:memberId/enable': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/members/${c.a.actors.expired.memberId}/enable` }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/members/${c.b.actors.disabled.memberId}/enable` }), status: 404 },
  ] },
  'POST /api/v1/members/:memberId/reset-access': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/members/${c.a.actors.expired.memberId}/reset-access` }), status: 201 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/members/${c.b.actors.member.memberId}/reset-access` }), status: 404 },
  ] },
  'GET /api/v1/identity/members': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/identity/members' }), status: 200 } },
  'PUT /api/v1/identity/members/:memberId/link': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.member.memberId}/link`, body: { hubspotUserId: '5006' } }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/identity/members/${c.b.actors.member.memberId}/link`, body: { hubspotUserId: '5006' } }), status: 404 },
    { swap: "B's HubSpot user id in the body", req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.member.memberId}/link`, body: { hubspotUserId: '6003' } }), status: 404,
      ownPortalReads: 'an unknown user id refreshes the caller\u2019s own portal directory before answering 404' },
  ] },
  'DELETE /api/v1/identity/members/:memberId/link': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.disabled.memberId}/link` }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/identity/members/${c.b.actors.member.memberId}/link` }), status: 404 },
  ] },
  'PUT /api/v1/identity/members/:memberId/permissions': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.member.memberId}/permissions`, body: { levels: null } }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/identity/members/${c.b.actors.member.memberId}/permissions`, body: { levels: null } }), status: 404 },
  ] },
  'PUT /api/v1/identity/members/:memberId/permissions/:objectType': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.member.memberId}/permissions/0-3`, body: { access: 'none' } }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/identity/members/${c.b.actors.member.memberId}/permissions/0-3`, body: { access: 'none' } }), status: 404 },
  ] },
  'DELETE /api/v1/identity/members/:memberId/permissions/:objectType': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/identity/members/${c.a.actors.member.memberId}/permissions/0-3` }), status: 200 }, other: [
    { swap: "B's member id in the path", req: (c) => ({ url: `/api/v1/identity/members/${c.b.actors.member.memberId}/permissions/0-5` }), status: 404 },
  ] },
  'GET /api/v1/settings/pipeline-access/:objectType': { access: 'admin', tenantless: 'the object type is no tenant\u2019s id: the rules and pipelines are the caller\u2019s own portal\u2019s, found from the session', other: [],
    own: { req: () => ({ url: '/api/v1/settings/pipeline-access/0-3' }), status: 200 } },
  'PUT /api/v1/settings/pipeline-access/:objectType': { access: 'admin', tenantless: 'the rules are stored under the caller\u2019s own workspace and portal; the pipeline ids are checked against that portal\u2019s list', other: [],
    own: { req: () => ({ url: '/api/v1/settings/pipeline-access/0-3', body: { allUnrestricted: true, rules: [] } }), status: 200 } },
  'POST /api/v1/identity/sync': { access: 'admin', tenantless: 'syncs the caller\u2019s own connected portal, found from the session', other: [], own: { req: () => ({ url: '/api/v1/identity/sync' }), status: 200 } },
  'GET /api/v1/identity/teams': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/identity/teams' }), status: 200 } },
  'PUT /api/v1/identity/teams': { access: 'admin', tenantless: 'the batch holds HubSpot team ids of the caller\u2019s own portal and is stored under the caller\u2019s workspace; no id in it can address workspace B\u2019s tree',
    other: [], own: { req: () => ({ url: '/api/v1/identity/teams', body: { teams: [{ id: '302', parentTeamId: '301' }] } }), status: 200 } },
  'PUT /api/v1/settings/editable-properties': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/settings/editable-properties', body: { properties: ['city'] } }), status: 200 } },
  'GET /api/v1/settings/contact-properties': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/settings/contact-properties' }), status: 200 } },
  'GET /api/v1/settings/object-properties/:objectType': { access: 'admin', tenantless: 'the object type is one of four fixed ids, read in the caller’s own portal found from the session', other: [],
    own: { req: () => ({ url: '/api/v1/settings/object-properties/0-1' }), status: 200 } },
  'POST /api/v1/portals/:portalId/objects/:objectType/:recordId/writes': { access: 'member', own: { req: (c) => ({ url: `${objectRecord(c.a)}/writes`, body: note, headers: key() }), status: 202 }, other: [
    { swap: "B's portal and record in the path", req: (c) => ({ url: `${objectRecord(c.b)}/writes`, body: note, headers: key() }), status: 404 },
    { swap: "A's portal, B's record as the association target", req: (c) => ({ url: `${objectRecord(c.a, c.b.contactId)}/writes`, body: note, headers: key() }), status: 403,
      ownPortalReads: 'the access check reads the named record in the caller’s own portal, finds none, and refuses' },
  ] },
  'GET /api/v1/portals/:portalId/objects/:objectType/:recordId/writes': { access: 'member', own: { req: (c) => ({ url: `${objectRecord(c.a)}/writes` }), status: 200 }, other: [
    { swap: "B's portal and record in the path", req: (c) => ({ url: `${objectRecord(c.b)}/writes` }), status: 200,
      filtered: { why: 'the list is a query inside the caller’s workspace: B’s writes look like none at all (the writes service’s promise), so there is no refusal to record', body: { writes: [] } } },
  ] },
  'POST /api/v1/install/tickets': { access: 'admin', tenantless: SESSION_ONLY, other: [], own: { req: () => ({ url: '/api/v1/install/tickets', body: {} }), status: 201 } },
  'GET /api/v1/install/tickets/:ticketId': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.a}` }), status: 200 }, other: [
    { swap: "B's ticket id in the path", req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.b}` }), status: 404 },
  ] },
  // A's own ticket with a state that is not its own: refused before anything is exchanged.
  'POST /api/v1/install/tickets/:ticketId/complete': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.a}/complete`, body: { state: 'A'.repeat(43), code: 'matrix' } }), status: 409 }, other: [
    { swap: "B's ticket id in the path", req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.b}/complete`, body: { state: 'A'.repeat(43), code: 'matrix' } }), status: 404 },
  ] },
  'POST /api/v1/install/tickets/:ticketId/confirm': { access: 'admin', own: { req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.a}/confirm`, body: { replace: false } }), status: 409 }, other: [
    { swap: "B's ticket id in the path", req: (c) => ({ url: `/api/v1/install/tickets/${c.ids.ticket.b}/confirm`, body: { replace: true } }), status: 404 },
  ] },
  // Last: the allowed call disconnects A's portal, and restore connects it again.
  'POST /api/v1/install/disconnect': { access: 'admin', tenantless: 'disconnects the caller\u2019s own workspace\u2019s portal, found from the session', other: [],
    own: { req: () => ({ url: '/api/v1/install/disconnect', body: { force: false } }), status: 200 },
    restore: async (s, c) => s.install(c.a.actors.admin.token, Number(c.a.portalId), Object.values(SEED.portals.acme.users).find((u) => u.superAdmin)!.userId) },
};

/** Public /api/v1 routes: no session is read, so there is no role or tenant to vary. */
const PUBLIC = ['POST /api/v1/workspaces', 'POST /api/v1/auth/sign-in', 'POST /api/v1/invites/inspect', 'POST /api/v1/invites/accept', 'POST /api/v1/workspaces/verify'];

/**
 * What a read of the caller's *own* portal leaves behind, by design: the rate budget slot it took
 * (rate_budget_leases, portal_delivery) and the refreshed user directory. Only A's portal's rows
 * are set aside; B's stay compared.
 */
const BOOKKEEPING = ['rate_budget_leases', 'portal_delivery', 'hubspot_directory'];

/**
 * The rate budget closes a lease (lowering its row to the slots used, or deleting it if none was)
 * when the lease ends, on a timer: that is an earlier request's bookkeeping finishing, not this
 * request's doing. A lease is compared by what granted it; a new lease still shows as a change.
 */
function leasesAsGranted(tables: Record<string, string[]>, after?: Record<string, string[]>): Record<string, string[]> {
  const granted = (rows: string[] = []) =>
    rows.map((r) => {
      const l = JSON.parse(r) as { id: string; portal_id: string; granted_at: number };
      return JSON.stringify({ id: l.id, portal_id: l.portal_id, granted_at: l.granted_at });
    });
  const kept = after ? new Set(granted(after.rate_budget_leases)) : null;
  return { ...tables, rate_budget_leases: granted(tables.rate_budget_leases).filter((r) => !kept || kept.has(r)) };
}
function withoutOwnPortalBookkeeping(tables: Record<string, string[]>, own: Tenant): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(tables).map(([n, rows]) => [n, BOOKKEEPING.includes(n) ? rows.filter((r) => (JSON.parse(r) as { portal_id?: string }).portal_id !== own.portalId) : rows]),
  );
}

function allowed(entry: Entry, who: Who): boolean {
  return who === 'admin' || (who === 'member' && entry.access === 'member');
}

describeEngines('access and tenancy matrix', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let b: Tenant;
  let content: () => Promise<Record<string, string[]>>;
  const ids: Ids = { write: { a: '', b: '' }, ticket: { a: '', b: '' } };

  const send = (actor: Actor | null, method: string, r: Req) =>
    s.app.inject({
      method: method as never,
      url: r.url,
      headers: { ...(actor ? { authorization: `Bearer ${actor.token}` } : {}), ...r.headers },
      ...(r.body !== undefined ? { payload: r.body as object } : {}),
    });
  const deniedRows = (workspaceId: string) => e.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId).where('result', '=', 'denied').execute();

  beforeAll(async () => {
    s = await startHostileStack(e.db, { logLevel: 'warn' });
    ({ a, b } = await seedTenants(s, e.db));
    content = await contentReader(e.db);
    // One accepted write and one install ticket in each workspace, to address by id.
    for (const [t, k] of [[a, 'a'], [b, 'b']] as const) {
      const w = await send(t.actors.member, 'POST', { url: `${record(t)}/writes`, body: note, headers: key() });
      expect(w.statusCode, w.body).toBe(202);
      ids.write[k] = w.json().write.id;
      const tk = await send(t.actors.admin, 'POST', { url: '/api/v1/install/tickets', body: {} });
      expect(tk.statusCode, tk.body).toBe(201);
      ids.ticket[k] = tk.json().ticketId;
    }
  });
  afterAll(() => s?.close());

  it('has an expected-results entry for every /api/v1 route and method the app serves, and none for a route it does not serve', () => {
    const served = routeTable(s.app).filter((r) => r.url.startsWith('/api/v1/'));
    const ids = served.map((r) => `${r.method} ${r.url}`);
    expect(ids.filter((id) => !EXPECTED[id] && !PUBLIC.includes(id)), 'add these to EXPECTED in access-matrix.test.ts').toEqual([]);
    expect([...Object.keys(EXPECTED), ...PUBLIC].filter((id) => !ids.includes(id)), 'entries for routes the app does not serve').toEqual([]);
    // The table's access level is the hook that really guards the route.
    for (const r of served) {
      const id = `${r.method} ${r.url}`;
      const hook = r.onRequest.includes(ADMIN_HOOK) ? 'admin' : r.onRequest.includes(MEMBER_HOOK) ? 'member' : 'public';
      expect(hook, id).toBe(EXPECTED[id]?.access ?? 'public');
    }
    for (const [id, entry] of Object.entries(EXPECTED)) expect(entry.other.length > 0 || Boolean(entry.tenantless), `${id}: swap B's ids in, or say why it has none`).toBe(true);
  });

  for (const [id, entry] of Object.entries(EXPECTED)) {
    const [method, route] = id.split(' ') as [string, string];
    describe(id, () => {
      const targets: Array<{ name: string; swap: Swap | null }> = [{ name: 'own workspace', swap: null }, ...entry.other.map((o) => ({ name: `other workspace: ${o.swap}`, swap: o }))];
      for (const target of targets) {
        for (const who of WHO) {
          const may = allowed(entry, who);
          const status = who === 'none' || who === 'disabled' || who === 'expired' ? 401 : !may ? 403 : target.swap ? target.swap.status : entry.own.status;
          const denied = !may || (target.swap !== null && !target.swap.filtered);
          it(`${who} → ${target.name}: ${status}`, async () => {
            let actor = who === 'none' ? null : a.actors[who];
            if (may && !target.swap && entry.throwaway) actor = await freshActor(s, a, who as 'admin' | 'member');
            const c: Ctx = { a, b, ids, actor: actor ?? a.actors.member };
            const req = (target.swap ?? entry.own).req(c);
            const upstreamBefore = s.sandbox.sandbox.control.requestLog().length;
            const before = await content();
            const logsBefore = s.logs.length;
            const r = await send(actor, method, req);
            expect(r.statusCode, r.body).toBe(status);
            if (may && !target.swap) return void (await entry.restore?.(s, c));

            const calls = s.sandbox.sandbox.control.requestLog().slice(upstreamBefore);
            // A read is a GET, or HubSpot's batch read (a POST that changes nothing; the write path's access checks use it).
            const isRead = (x: { method: string; path: string }) => x.method === 'GET' || (x.method === 'POST' && x.path.endsWith('/batch/read'));
            if (target.swap?.ownPortalReads && may) expect(calls.filter((x) => !isRead(x) || x.portalId !== Number(a.portalId)), 'a call other than a read of the own portal').toEqual([]);
            else expect(calls, 'HubSpot was called').toEqual([]);
            const after = await content();
            const { audit_log: auditAfter, ...restAfter } = leasesAsGranted(after);
            const { audit_log: auditBefore, ...restBefore } = leasesAsGranted(before, after);
            const ownReads = Boolean(target.swap?.ownPortalReads && may);
            expect(ownReads ? withoutOwnPortalBookkeeping(restAfter, a) : restAfter, 'a table other than audit_log changed').toEqual(ownReads ? withoutOwnPortalBookkeeping(restBefore, a) : restBefore);

            if (target.swap?.filtered && may) {
              expect(r.json(), target.swap.filtered.why).toEqual(target.swap.filtered.body);
              expect(auditAfter).toEqual(auditBefore);
              return;
            }
            expect(denied).toBe(true);
            const body = ApiErrorBody.parse(r.json());
            if (status === 401) {
              // Nothing written anywhere; the operator's log has the attempt (once per address, route and reason per window).
              expect(auditAfter).toEqual(auditBefore);
              const line = s.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'security.unauthenticated' && l.route === route && l.method === method && l.reason === body.error.code);
              expect(line, `no security.unauthenticated line for ${id} (${body.error.code})`).toBeDefined();
              for (const l of s.logs.slice(logsBefore)) if (actor) expect(l).not.toContain(actor.token);
              return;
            }
            // 403/404 to a signed-in caller: every new row is a denial in A, by this caller; and one is on record.
            const added = auditAfter!.filter((x) => !auditBefore!.includes(x)).map((x) => JSON.parse(x) as Record<string, unknown>);
            for (const row of added) expect(row, 'an audit row that is not this caller\u2019s denial').toMatchObject({ workspace_id: a.workspaceId, actor_member_id: actor!.memberId, result: 'denied' });
            const rows = await deniedRows(a.workspaceId);
            const reqId = String(r.headers['x-request-id']);
            const onRecord = rows.some(
              (x) =>
                x.actor_member_id === actor!.memberId &&
                (x.correlation_id === reqId || (x.action === 'access.denied' && x.target_id === id && (JSON.parse(x.details) as { reason?: string }).reason === body.error.code)),
            );
            expect(onRecord, `no denial row for ${who} on ${id}`).toBe(true);
            for (const row of added) expect(JSON.stringify(row)).not.toContain(actor!.token);
          });
        }
      }
    });
  }

  it('a denial is written once per (actor, route, reason) per window, however often it is repeated', async () => {
    const before = (await deniedRows(a.workspaceId)).length;
    const attempts = [
      () => send(a.actors.member, 'GET', { url: '/api/v1/members' }),
      () => send(a.actors.admin, 'POST', { url: `/api/v1/members/${b.actors.member.memberId}/disable` }),
    ];
    for (const attempt of attempts) expect([403, 404]).toContain((await attempt()).statusCode);
    const once = (await deniedRows(a.workspaceId)).length;
    expect(once - before).toBeLessThanOrEqual(attempts.length);
    for (let i = 0; i < 20; i++) for (const attempt of attempts) expect([403, 404]).toContain((await attempt()).statusCode);
    expect((await deniedRows(a.workspaceId)).length).toBe(once);
    // B's audit log holds nothing A's callers did.
    expect((await deniedRows(b.workspaceId)).filter((x) => [a.actors.admin.memberId, a.actors.member.memberId].includes(x.actor_member_id ?? ''))).toEqual([]);
  });
});
