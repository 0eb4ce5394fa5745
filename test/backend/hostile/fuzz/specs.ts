import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import * as accounts from '../../../../lib/api/accounts';
import * as identity from '../../../../lib/api/identity';
import * as install from '../../../../lib/api/install';
import { RecordViewParams } from '../../../../lib/api/records';
import { AuditExportQuery } from '../../../../lib/api/audit';
import { SetEditablePropertiesBody } from '../../../../lib/api/settings';
import { CreateWriteBody, IdempotencyKey, WriteIdParams, WriteListQuery, WriteParams } from '../../../../lib/api/writes';
import type { Tenant } from '../tenants';

/**
 * What each route accepts, in the contract's own schemas (lib/api/**): the fuzzer sends only
 * inputs these schemas refuse, so every answer must be a 4xx and nothing may happen. A route the
 * app serves without an entry here fails the suite: a new route needs its hostile spec.
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

/**
 * The install routes take an optional body: they parse `req.body ?? {}`, so JSON `null` is "no
 * body", i.e. all defaults, and a valid request. Modelled here so the fuzzer does not count it as
 * hostile (it would disconnect the portal, as the admin asked).
 */
const optionalBody = (schema: z.ZodType) => z.preprocess((v) => v ?? {}, schema);

const member = (t: Tenant) => ({ memberId: t.actors.member.memberId });
const record = (t: Tenant) => ({ portalId: t.portalId, contactId: t.contactId });
const pw = 'a perfectly fine passphrase';

export const FUZZ_SPECS: Record<string, FuzzSpec> = {
  // Health: public and input-free; their answers are 200/503, never influenced by a client.
  'GET /healthz': { auth: 'public', noInput: true },
  'GET /readyz': { auth: 'public', noInput: true },
  // Open when METRICS_TOKEN is unset (as here); the token case is metrics' own test.
  'GET /metrics': { auth: 'public', noInput: true },

  // Accounts, public.
  'POST /api/v1/workspaces': { auth: 'public', body: { schema: accounts.CreateWorkspaceRequest, valid: () => ({ workspaceName: 'Fuzz', email: 'fuzz@example.test' }) } },
  'POST /api/v1/workspaces/verify': { auth: 'public', body: { schema: accounts.VerifyWorkspaceRequest, valid: () => ({ email: 'fuzz@example.test', code: '12345678', password: pw }) } },
  'POST /api/v1/auth/sign-in': { auth: 'public', body: { schema: accounts.SignInRequest, valid: () => ({ email: 'fuzz@example.test', password: pw }) } },
  'POST /api/v1/invites/inspect': { auth: 'public', body: { schema: accounts.InspectInviteRequest, valid: () => ({ code: 'A'.repeat(43) }) } },
  'POST /api/v1/invites/accept': { auth: 'public', body: { schema: accounts.AcceptInviteRequest, valid: () => ({ code: 'A'.repeat(43), password: pw }) } },

  // Accounts, signed in.
  'POST /api/v1/auth/sign-out': { auth: 'member', noInput: true },
  'GET /api/v1/me': { auth: 'member', noInput: true },
  'GET /api/v1/audit/export': { auth: 'admin', query: { schema: AuditExportQuery } },
  'PATCH /api/v1/me': { auth: 'member', body: { schema: accounts.UpdateMeRequest, valid: () => ({ displayName: 'Fuzz' }) } },
  'POST /api/v1/me/password': { auth: 'member', body: { schema: accounts.ChangePasswordRequest, valid: () => ({ currentPassword: pw, newPassword: pw }) } },
  'POST /api/v1/me/email/code': { auth: 'member', noInput: true },
  'POST /api/v1/me/email/verify': { auth: 'member', body: { schema: accounts.VerifyCodeRequest, valid: () => ({ code: '12345678' }) } },

  // Accounts, admin.
  'GET /api/v1/members': { auth: 'admin', noInput: true },
  'POST /api/v1/members': { auth: 'admin', body: { schema: accounts.InviteMemberRequest, valid: () => ({ email: 'fuzz@example.test', role: 'member' }) } },
  'PUT /api/v1/members/:memberId/role': { auth: 'admin', params: { schema: accounts.MemberIdParams, valid: member }, body: { schema: accounts.ChangeRoleRequest, valid: () => ({ role: 'member' }) } },
  'POST /api/v1/members/:memberId/disable': { auth: 'admin', params: { schema: accounts.MemberIdParams, valid: member } },
  'POST /api/v1/members/:memberId/enable': { auth: 'admin', params: { schema: accounts.MemberIdParams, valid: member } },
  'POST /api/v1/members/:memberId/reset-access': { auth: 'admin', params: { schema: accounts.MemberIdParams, valid: member } },

  // Record view: ids are checked before the session.
  'GET /api/v1/portals/:portalId/contacts/:contactId/view': { auth: 'member', params: { schema: RecordViewParams, valid: record } },

  // Identity.
  'GET /api/v1/identity/me': { auth: 'member', noInput: true },
  'POST /api/v1/identity/me/link-proof': { auth: 'member', noInput: true },
  'POST /api/v1/identity/me/link-proof/verify': { auth: 'member', body: { schema: identity.LinkProofBody, valid: () => ({ code: '12345678' }) } },
  'GET /api/v1/identity/members': { auth: 'admin', noInput: true },
  'PUT /api/v1/identity/members/:memberId/link': { auth: 'admin', params: { schema: identity.MemberParams, valid: member }, body: { schema: identity.LinkBody, valid: () => ({ hubspotUserId: '5006' }) } },
  'DELETE /api/v1/identity/members/:memberId/link': { auth: 'admin', params: { schema: identity.MemberParams, valid: member } },
  'PUT /api/v1/identity/members/:memberId/permissions': {
    auth: 'admin',
    params: { schema: identity.MemberParams, valid: member },
    body: { schema: identity.PermissionLevelsBody, valid: () => ({ levels: { view: 'team', edit: 'owned', viewUnassigned: false, editUnassigned: false } }) },
  },
  'POST /api/v1/identity/sync': { auth: 'admin', noInput: true },
  'GET /api/v1/identity/teams': { auth: 'admin', noInput: true },
  'PUT /api/v1/identity/teams': { auth: 'admin', body: { schema: identity.TeamTreeBody, valid: () => ({ teams: [{ id: '302', parentTeamId: '301' }] }) } },

  // Writes.
  'POST /api/v1/portals/:portalId/contacts/:contactId/writes': {
    auth: 'member',
    params: { schema: WriteParams, valid: record },
    header: { name: 'idempotency-key', schema: IdempotencyKey, valid: () => randomUUID() },
    body: { schema: CreateWriteBody, valid: () => ({ kind: 'note', body: 'hello' }) },
  },
  'GET /api/v1/portals/:portalId/contacts/:contactId/writes': { auth: 'member', params: { schema: WriteParams, valid: record }, query: { schema: WriteListQuery } },
  'GET /api/v1/writes/:writeId': { auth: 'member', params: { schema: WriteIdParams, valid: () => ({ writeId: randomUUID() }) } },
  'POST /api/v1/writes/:writeId/retry': { auth: 'member', params: { schema: WriteIdParams, valid: () => ({ writeId: randomUUID() }) } },

  // Settings.
  'GET /api/v1/settings/editable-properties': { auth: 'member', noInput: true },
  'PUT /api/v1/settings/editable-properties': { auth: 'admin', body: { schema: SetEditablePropertiesBody, valid: () => ({ properties: ['city'] }) } },
  'GET /api/v1/settings/contact-properties': { auth: 'admin', noInput: true },
  'GET /api/v1/settings/task-options': { auth: 'member', noInput: true },

  // Install browser pages (plain tabs, no session). No live ticket, state or code can be guessed
  // (256-bit random, single use), so every value the fuzzer sends is refused: the schema below
  // says "nothing generated is valid", which is the truth for these parameters.
  'GET /install/start': { auth: 'public', page: true, query: { schema: z.never(), keys: ['ticket'] } },
  'GET /install/callback': { auth: 'public', page: true, query: { schema: z.never(), keys: ['state', 'code', 'error', 'error_description'] } },
  // The start page's button: a form post of the ticket, refused unless same-origin and a live ticket.
  'POST /install/start': { auth: 'public', page: true, body: { schema: z.never(), valid: () => ({ ticket: 'A'.repeat(43) }) } },

  // Install API.
  'GET /api/v1/install': { auth: 'member', noInput: true },
  'POST /api/v1/install/tickets': { auth: 'admin', body: { schema: optionalBody(install.CreateTicketRequest), valid: () => ({ reconnect: false }) } },
  'GET /api/v1/install/tickets/:ticketId': { auth: 'admin', params: { schema: install.TicketIdParams, valid: () => ({ ticketId: randomUUID() }) } },
  'POST /api/v1/install/tickets/:ticketId/complete': {
    auth: 'admin',
    params: { schema: install.TicketIdParams, valid: () => ({ ticketId: randomUUID() }) },
    body: { schema: install.CompleteRequest, valid: () => ({ state: 'A'.repeat(43), code: 'not-a-code' }) },
  },
  'POST /api/v1/install/tickets/:ticketId/confirm': { auth: 'admin', params: { schema: install.TicketIdParams, valid: () => ({ ticketId: randomUUID() }) }, body: { schema: install.ConfirmRequest, valid: () => ({ replace: false }) } },
  'POST /api/v1/install/disconnect': { auth: 'admin', body: { schema: optionalBody(install.DisconnectRequest), valid: () => ({ force: false }) } },
};
