import { z } from 'zod';
import { ObjectTypeParam } from './records';

/**
 * The install contract, shared by the backend (validation) and the extension's options page
 * (parsing answers). No token, code, state or client secret ever appears in these shapes.
 *
 * Admin:   POST /api/v1/install/tickets                 CreateTicketRequest  → 201 CreateTicketResponse
 *          GET  /api/v1/install/tickets/:ticketId                            → 200 TicketView (poll every ~2 s)
 *          POST /api/v1/install/tickets/:ticketId/complete CompleteRequest   → 200 TicketView
 *               (the creator's extension hands back what HubSpot put on the callback URL)
 *          POST /api/v1/install/tickets/:ticketId/confirm ConfirmRequest     → 200 TicketView
 *          POST /api/v1/install/disconnect              DisconnectRequest    → 200 DisconnectResponse
 * Member:  GET  /api/v1/install                                             → 200 InstallStatusResponse
 *          (admins get `health`; members get only the state and portal)
 * Browser: GET  /install/start?ticket=…  (opened in a tab from `startUrl`) → HTML page with a button
 *          POST /install/start            (that button; spends the ticket)  → 303 to HubSpot
 *          GET  /install/callback        (HubSpot's redirect)            → HTML notice; exchanges nothing
 * Errors use the standard `{error: {code, message}}`; codes: bad_request, unauthenticated,
 * session_expired, forbidden, not_found (unknown ticket), conflict (ticket not awaiting
 * confirmation, or a HubSpot answer that is not this ticket's), portal_not_connected, hubspot_unavailable (disconnect could not reach HubSpot).
 */

export const TicketId = z.uuid();
export const TicketIdParams = z.strictObject({ ticketId: TicketId });

export const CreateTicketRequest = z.strictObject({
  /** Pin the authorize page to the connected portal (reconnect), so another account cannot be picked by mistake. */
  reconnect: z.boolean().default(false),
});
export type CreateTicketRequest = z.infer<typeof CreateTicketRequest>;

export const CreateTicketResponse = z.object({
  ticketId: TicketId,
  /** Open in a new tab; one use, valid until `expiresAt`. */
  startUrl: z.url(),
  /**
   * HubSpot sends the install tab back here (the app's redirect URI). The extension watches the
   * tab for this address and hands its `code`/`state` to `…/complete`; the page itself exchanges nothing.
   */
  callbackUrl: z.url(),
  expiresAt: z.iso.datetime(),
});
export type CreateTicketResponse = z.infer<typeof CreateTicketResponse>;

export const InstallOutcomeCode = z.enum([
  'connected',
  'reconnected',
  'portal_changed',
  'confirm_required',
  'cancelled',
  /** Started on HubSpot but nothing came back (HubSpot shows refusals on its own page and sends nothing). */
  'not_returned',
  'hubspot_refused',
  'missing_required_scopes',
  'portal_in_use',
  'wrong_app',
  'ticket_invalid',
  'state_unknown',
  'state_expired',
  'session_ended',
  'code_missing',
  'exchange_failed',
  'token_info_failed',
  'confirm_expired',
  'hubspot_unavailable',
]);
export type InstallOutcomeCode = z.infer<typeof InstallOutcomeCode>;

export const MissingScope = z.object({ scope: z.string(), feature: z.string(), effect: z.string() });
export type MissingScope = z.infer<typeof MissingScope>;

/** Exactly what HubSpot support asks for, plus what Portside saw. Safe to copy anywhere. */
export const Diagnostics = z.object({
  outcome: InstallOutcomeCode,
  ticketId: z.string().nullable(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  authorize: z.object({
    host: z.string(),
    clientId: z.string(),
    redirectUri: z.string(),
    scopes: z.array(z.string()),
    optionalScopes: z.array(z.string()),
    pinnedPortalId: z.string().nullable(),
  }),
  hubId: z.string().nullable(),
  hubDomain: z.string().nullable(),
  installingUser: z.object({ email: z.string().nullable(), id: z.string().nullable() }).nullable(),
  grantedScopes: z.array(z.string()),
  missingRequiredScopes: z.array(z.string()),
  missingOptionalScopes: z.array(MissingScope),
  /** `error` / `error_description` HubSpot put on the redirect, when it did. */
  hubspotRedirectError: z.object({ error: z.string(), description: z.string().nullable() }).nullable(),
  /** A HubSpot API call that failed during the install. */
  failedCall: z
    .object({ step: z.string(), kind: z.string(), httpStatus: z.number().nullable(), message: z.string().nullable(), correlationId: z.string().nullable() })
    .nullable(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

export const OutcomeText = z.object({ title: z.string(), explanation: z.string(), whatToDo: z.string().nullable() });
export type OutcomeText = z.infer<typeof OutcomeText>;

export const TicketStatus = z.enum(['pending', 'started', 'succeeded', 'failed', 'confirm_required', 'cancelled', 'expired']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const InstallerCheck = z.object({
  matches: z.boolean(),
  hubspotEmail: z.string().nullable(),
  hubspotUserId: z.string().nullable(),
  adminEmail: z.string(),
});
export type InstallerCheck = z.infer<typeof InstallerCheck>;

export const TicketView = z.object({
  ticketId: TicketId,
  status: TicketStatus,
  expiresAt: z.iso.datetime(),
  outcome: z.object({ code: InstallOutcomeCode, text: OutcomeText }).nullable(),
  /** Set while status is `confirm_required`: the admin must choose to replace the connected portal. */
  confirmation: z.object({ currentPortalId: z.string(), newPortalId: z.string(), newHubDomain: z.string().nullable() }).nullable(),
  diagnostics: Diagnostics.nullable(),
  /**
   * Who approved on HubSpot's consent page, compared with the admin who started the install (by
   * email, case-insensitively). `matches: false` is shown to the admin and audited.
   */
  installer: InstallerCheck.nullable(),
  /** The same facts as text, for the "copy diagnostics" button. */
  diagnosticsText: z.string().nullable(),
});
export type TicketView = z.infer<typeof TicketView>;

/**
 * What HubSpot put on the callback URL, as the admin's extension read it from the install tab:
 * `code` and `state` on success, `error` (and a description) when HubSpot refused.
 */
export const CompleteRequest = z.strictObject({
  state: z.string().min(1).max(200),
  code: z.string().min(1).max(2000).optional(),
  error: z.string().min(1).max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
export type CompleteRequest = z.infer<typeof CompleteRequest>;

export const ConfirmRequest = z.strictObject({ replace: z.boolean() });
export type ConfirmRequest = z.infer<typeof ConfirmRequest>;

export const DisconnectRequest = z.strictObject({
  /** Delete locally even if HubSpot cannot be reached to revoke the token. */
  force: z.boolean().default(false),
});
export type DisconnectRequest = z.infer<typeof DisconnectRequest>;

export const DisconnectResponse = z.object({ disconnected: z.literal(true), revokedAtHubSpot: z.boolean() });
export type DisconnectResponse = z.infer<typeof DisconnectResponse>;

export const InstallState = z.enum(['not_connected', 'connected', 'needs_reconnect']);
export type InstallState = z.infer<typeof InstallState>;

/** Whether the install's scopes let Portside read and write one CRM object, and what a reconnect would add. */
export const ObjectAvailability = z.object({
  objectType: ObjectTypeParam,
  label: z.string(),
  read: z.boolean(),
  write: z.boolean(),
  missingScopes: z.array(z.string()),
});
export type ObjectAvailability = z.infer<typeof ObjectAvailability>;

export const InstallHealth = z.object({
  portalId: z.string(),
  hubDomain: z.string().nullable(),
  installer: z.object({
    email: z.string().nullable(),
    userId: z.string().nullable(),
    memberId: z.string().nullable(),
    /** The Portside admin who connected it, and whether that is who approved on HubSpot (null: admin unknown). */
    memberEmail: z.string().nullable(),
    matchesMember: z.boolean().nullable(),
  }),
  installedAt: z.iso.datetime(),
  grantedScopes: z.array(z.string()),
  missingRequiredScopes: z.array(z.string()),
  missingOptionalScopes: z.array(MissingScope),
  /** Contacts, companies, deals and tickets: whether the granted scopes let Portside read and write each. */
  objects: z.array(ObjectAvailability),
  accessExpiresAt: z.iso.datetime(),
  lastRefreshAt: z.iso.datetime().nullable(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastError: z
    .object({ at: z.iso.datetime(), code: z.string(), message: z.string(), correlationId: z.string().nullable() })
    .nullable(),
  /**
   * What HubSpot reported about this install that an admin should act on or know: the portal
   * answered from another data centre, the record permission API is not available to the app, or
   * (then) deals or tickets have no pipeline rules for the fallback.
   */
  notices: z.array(z.object({ code: z.enum(['wrong_data_center', 'permissions_api_unavailable', 'pipeline_rules_missing']), since: z.iso.datetime(), message: z.string(), whatToDo: z.string() })),
});
export type InstallNotice = InstallHealth['notices'][number];
export type InstallHealth = z.infer<typeof InstallHealth>;

export const InstallStatusResponse = z.object({
  state: InstallState,
  portalId: z.string().nullable(),
  hubDomain: z.string().nullable(),
  /** Plain words for the state ("Connected to …", "An admin must reconnect HubSpot"). */
  message: z.string(),
  /** Admins only. */
  health: InstallHealth.nullable(),
});
export type InstallStatusResponse = z.infer<typeof InstallStatusResponse>;
