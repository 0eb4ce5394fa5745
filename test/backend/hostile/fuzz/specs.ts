import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { API_ROUTES } from '../../../../backend/routes/v1';
import { IDEMPOTENCY_KEY_HEADER } from '../../../../lib/contract/api/writes';
import type { Tenant } from '../tenants';

/**
 * What each route accepts: for the /api/v1 routes, the schemas the route itself declares
 * (backend/routes/v1/*.ts, read through API_ROUTES), so a route's input is written down once. The
 * fuzzer sends only inputs these schemas refuse, so every answer must be a 4xx and nothing may
 * happen. A route the app serves without an entry here fails the suite: a new route needs its
 * hostile spec (and fuzz.test.ts checks that every served route declares its schemas).
 *
 * `auth` is who the fuzzer is (so the attack reaches the route's validation, not just the
 * session check); `valid` gives a correct value for every surface that is not being attacked.
 */
export interface FuzzSpec {
  auth: 'public' | 'member' | 'admin';
  params?: { schema: z.ZodType; valid: (t: Tenant) => Record<string, string> };
  /** `keys`: the parameter names to attack (default: the API's list parameters and junk names). */
  query?: { schema: z.ZodType; keys?: string[] };
  body?: { schema: z.ZodType; valid: (t: Tenant) => Record<string, unknown> };
  /** A header the route requires, attacked like a field. */
  header?: { name: string; schema: z.ZodType; valid: () => string };
  /** Routes with no input at all: only the session (and bytes sent as a body) can be attacked. */
  noInput?: true;
  /** A browser page (not the JSON API): a refusal is the HTML result page, or the API's error shape for framework errors. */
  page?: true;
}

/** Correct values for the parts an /api/v1 route declares; the schemas and the auth level come from the route. */
interface Valid {
  params?: (t: Tenant) => Record<string, string>;
  body?: (t: Tenant) => Record<string, unknown>;
  header?: () => string;
}

/**
 * The spec of an /api/v1 route from its own declaration. Throws when the spec and the route
 * disagree on which parts take input, so a schema added to a route cannot go unfuzzed.
 */
function api(id: string, valid: Valid = {}): FuzzSpec {
  const route = API_ROUTES.get(id);
  if (!route) throw new Error(`${id} is not in API_ROUTES (backend/routes/v1/index.ts)`);
  const { params, querystring, body, headers } = route.schema;
  for (const [part, declared, given] of [['params', params, valid.params], ['body', body, valid.body], ['headers', headers, valid.header]] as const) {
    if (!declared !== !given) throw new Error(`${id}: the route ${declared ? 'declares' : 'does not declare'} ${part}; give valid values exactly for declared parts`);
  }
  // The one header a route requires today is the write's Idempotency-Key: attacked as a value on its own.
  const keySchema = headers instanceof z.ZodObject ? headers.shape[IDEMPOTENCY_KEY_HEADER] : undefined;
  if (headers && !(keySchema instanceof z.ZodType)) throw new Error(`${id}: a header schema without ${IDEMPOTENCY_KEY_HEADER}; teach the fuzzer its header`);
  const header = keySchema instanceof z.ZodType && valid.header ? { name: IDEMPOTENCY_KEY_HEADER, schema: keySchema, valid: valid.header } : undefined;
  return {
    auth: route.auth,
    ...(params && valid.params ? { params: { schema: params, valid: valid.params } } : {}),
    ...(querystring ? { query: { schema: querystring } } : {}),
    ...(body && valid.body ? { body: { schema: body, valid: valid.body } } : {}),
    ...(header ? { header } : {}),
    ...(!params && !querystring && !body && !headers ? { noInput: true as const } : {}),
  };
}

const member = (t: Tenant) => ({ memberId: t.actors.member.memberId });
const record = (t: Tenant) => ({ portalId: t.portalId, contactId: t.contactId });
const ticket = () => ({ ticketId: randomUUID() });
const write = () => ({ writeId: randomUUID() });
const objectRecord = (t: Tenant) => ({ portalId: t.portalId, objectType: '0-1', recordId: t.contactId });
const pw = 'a perfectly fine passphrase';

/** Valid values for each /api/v1 route's declared input parts; everything else comes from the route. */
const API_VALID: Record<string, Valid> = {
  // Accounts, public.
  'POST /api/v1/workspaces': { body: () => ({ workspaceName: 'Fuzz', email: 'fuzz@example.test' }) },
  'POST /api/v1/workspaces/verify': { body: () => ({ email: 'fuzz@example.test', code: '12345678', password: pw }) },
  'POST /api/v1/auth/sign-in': { body: () => ({ email: 'fuzz@example.test', password: pw }) },
  'POST /api/v1/invites/inspect': { body: () => ({ code: 'A'.repeat(43) }) },
  'POST /api/v1/invites/accept': { body: () => ({ code: 'A'.repeat(43), password: pw }) },

  // Accounts, signed in.
  'POST /api/v1/auth/sign-out': {},
  'GET /api/v1/me': {},
  'GET /api/v1/audit/export': {},
  'PATCH /api/v1/me': { body: () => ({ displayName: 'Fuzz' }) },
  'POST /api/v1/me/password': { body: () => ({ currentPassword: pw, newPassword: pw }) },
  'POST /api/v1/me/email/code': {},
  'POST /api/v1/me/email/verify': { body: () => ({ code: '12345678' }) },

  // Accounts, admin.
  'GET /api/v1/members': {},
  'POST /api/v1/members': { body: () => ({ email: 'fuzz@example.test', role: 'member' }) },
  'PUT /api/v1/members/:memberId/role': { params: member, body: () => ({ role: 'member' }) },
  'POST /api/v1/members/:memberId/disable': { params: member },
  'POST /api/v1/members/:memberId/enable': { params: member },
  'POST /api/v1/members/:memberId/reset-access': { params: member },

  // Record view: ids are checked before the session.
  'GET /api/v1/portals/:portalId/contacts/:contactId/view': { params: record },
  'GET /api/v1/portals/:portalId/objects/:objectType/:recordId/view': { params: (t) => ({ portalId: t.portalId, objectType: '0-1', recordId: t.contactId }) },

  // Identity.
  'GET /api/v1/identity/me': {},
  'POST /api/v1/identity/me/link-proof': {},
  'POST /api/v1/identity/me/link-proof/verify': { body: () => ({ code: '12345678' }) },
  'GET /api/v1/identity/members': {},
  'PUT /api/v1/identity/members/:memberId/link': { params: member, body: () => ({ hubspotUserId: '5006' }) },
  'DELETE /api/v1/identity/members/:memberId/link': { params: member },
  'PUT /api/v1/identity/members/:memberId/permissions': { params: member, body: () => ({ levels: { view: 'team', edit: 'owned', viewUnassigned: false, editUnassigned: false } }) },
  'POST /api/v1/identity/sync': {},
  'GET /api/v1/identity/teams': {},
  'PUT /api/v1/identity/teams': { body: () => ({ teams: [{ id: '302', parentTeamId: '301' }] }) },

  // Writes.
  'POST /api/v1/portals/:portalId/contacts/:contactId/writes': { params: record, header: () => randomUUID(), body: () => ({ kind: 'note', body: 'hello' }) },
  'GET /api/v1/portals/:portalId/contacts/:contactId/writes': { params: record },
  'GET /api/v1/writes/:writeId': { params: write },
  'POST /api/v1/writes/:writeId/retry': { params: write },

  // Settings.
  'GET /api/v1/settings/editable-properties': {},
  'PUT /api/v1/settings/editable-properties': { body: () => ({ properties: ['city'] }) },
  'GET /api/v1/settings/contact-properties': {},
  'GET /api/v1/settings/task-options': {},
  'GET /api/v1/settings/call-outcomes': {},
  'GET /api/v1/settings/object-properties/:objectType': { params: () => ({ objectType: '0-3' }) },
  'POST /api/v1/portals/:portalId/objects/:objectType/:recordId/writes': { params: objectRecord, header: () => randomUUID(), body: () => ({ kind: 'note', body: 'hello' }) },
  'GET /api/v1/portals/:portalId/objects/:objectType/:recordId/writes': { params: objectRecord },

  // Install API. The optional bodies (tickets, disconnect) take JSON null as "all defaults": the
  // route's schema says so, and the fuzzer reads it from there.
  'GET /api/v1/install': {},
  'POST /api/v1/install/tickets': { body: () => ({ reconnect: false }) },
  'GET /api/v1/install/tickets/:ticketId': { params: ticket },
  'POST /api/v1/install/tickets/:ticketId/complete': { params: ticket, body: () => ({ state: 'A'.repeat(43), code: 'not-a-code' }) },
  'POST /api/v1/install/tickets/:ticketId/confirm': { params: ticket, body: () => ({ replace: false }) },
  'POST /api/v1/install/disconnect': { body: () => ({ force: false }) },

  // Per-object levels and pipeline access (issue 20).
  'PUT /api/v1/identity/members/:memberId/permissions/:objectType': { params: (t) => ({ ...member(t), objectType: '0-3' }), body: () => ({ access: 'levels', view: 'team', edit: 'owned', viewUnassigned: false, editUnassigned: false }) },
  'DELETE /api/v1/identity/members/:memberId/permissions/:objectType': { params: (t) => ({ ...member(t), objectType: '0-5' }) },
  'GET /api/v1/settings/pipeline-access/:objectType': { params: () => ({ objectType: '0-3' }) },
  'PUT /api/v1/settings/pipeline-access/:objectType': { params: () => ({ objectType: '0-3' }), body: () => ({ allUnrestricted: false, rules: [{ pipelineId: 'default', access: 'restricted', teamIds: ['301'], userIds: [] }] }) },
};

export const FUZZ_SPECS: Record<string, FuzzSpec> = {
  // Health: public and input-free; their answers are 200/503, never influenced by a client.
  'GET /healthz': { auth: 'public', noInput: true },
  'GET /readyz': { auth: 'public', noInput: true },
  // Open when METRICS_TOKEN is unset (as here); the token case is metrics' own test.
  'GET /metrics': { auth: 'public', noInput: true },

  ...Object.fromEntries(Object.entries(API_VALID).map(([id, valid]) => [id, api(id, valid)])),

  // Install browser pages (plain tabs, no session). No live ticket, state or code can be guessed
  // (256-bit random, single use), so every value the fuzzer sends is refused: the schema below
  // says "nothing generated is valid", which is the truth for these parameters.
  'GET /install/start': { auth: 'public', page: true, query: { schema: z.never(), keys: ['ticket'] } },
  'GET /install/callback': { auth: 'public', page: true, query: { schema: z.never(), keys: ['state', 'code', 'error', 'error_description'] } },
  // The start page's button: a form post of the ticket, refused unless same-origin and a live ticket.
  'POST /install/start': { auth: 'public', page: true, body: { schema: z.never(), valid: () => ({ ticket: 'A'.repeat(43) }) } },
};
