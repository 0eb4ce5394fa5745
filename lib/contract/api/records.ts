import { z } from 'zod';
import { HUBSPOT_ID } from '../hubspot-ids';

/**
 * The record view contract: one request gives the panel everything it shows for a contact —
 * who the rep is in HubSpot, the backend's access verdict with its reason, and the contact
 * summary (only when the rep may view it).
 *
 * `GET /api/v1/portals/:portalId/contacts/:contactId/view`
 * Errors (standard shape): 401 unauthenticated/session_expired, 404 portal_not_connected (the
 * portal is not the one installed for the caller's workspace), 503 needs_reconnect,
 * 400 bad_request (malformed ids), 503 hubspot_unavailable (HubSpot down, slow or throttling:
 * `details.retryable`, `details.retryAfterSeconds`), 502 hubspot_error (any other HubSpot refusal).
 */
export const IdParam = z.string().regex(HUBSPOT_ID, 'must be a HubSpot id');

export const RecordViewParams = z.object({ portalId: IdParam, contactId: IdParam }).strict();

/** Stable reason codes for a verdict; the UI shows `message`, tests and audit use `code`. */
export const AccessReasonCode = z.enum([
  'super_admin',
  'view_everything',
  'edit_everything',
  'owner',
  'team',
  'child_team',
  'shared_user',
  'shared_team',
  'unassigned_allowed',
  'unassigned_denied',
  'other_owner',
  'other_team',
  'edit_none',
  'permitted_by_hubspot',
  'not_permitted_by_hubspot',
  'not_linked',
  'user_inactive',
  'record_not_found',
  'unknown',
]);
export type AccessReasonCode = z.infer<typeof AccessReasonCode>;

export const AccessVerdict = z.object({
  allowed: z.boolean(),
  code: AccessReasonCode,
  message: z.string(),
});
export type AccessVerdict = z.infer<typeof AccessVerdict>;

export const RecordAccess = z.object({
  canView: AccessVerdict,
  canEdit: AccessVerdict,
  /** Where the verdict came from: HubSpot's record permission API, or the ownership model. */
  source: z.enum(['permissions_api', 'ownership', 'none']),
  /** Why the ownership model decided, when HubSpot's record permission API is not available to the app. */
  sourceNote: z.string().optional(),
});
export type RecordAccess = z.infer<typeof RecordAccess>;

/**
 * How a member ↔ HubSpot user link was proven: the member's verified email equals the user's, the
 * user's mailbox answered a code, or an admin set it without proof (still grants access; shown).
 */
export const LinkEvidence = z.enum(['verified_email', 'code_proof', 'unverified']);
export type LinkEvidence = z.infer<typeof LinkEvidence>;

export const HubSpotUserSummary = z.object({
  userId: z.string(),
  ownerId: z.string().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  superAdmin: z.boolean(),
  /** For a member's own link only (absent for portal users listed to an admin). */
  linkEvidence: LinkEvidence.optional(),
});
export type HubSpotUserSummary = z.infer<typeof HubSpotUserSummary>;

export const ContactSummary = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  lifecycleStage: z.string().nullable(),
  owner: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  updatedAt: z.string().nullable(),
});
export type ContactSummary = z.infer<typeof ContactSummary>;

export { CONTACT_SNAPSHOT_TTL_MS } from './snapshot-ttl';

export const RecordView = z.object({
  portalId: z.string(),
  contactId: z.string(),
  viewer: z.object({
    memberId: z.string(),
    email: z.string(),
    role: z.enum(['admin', 'member']),
    hubspotUser: HubSpotUserSummary.nullable(),
  }),
  access: RecordAccess,
  /** Present only when `access.canView.allowed`. */
  contact: ContactSummary.nullable(),
  /**
   * Current values of the properties reps may edit (the admin's allowlist), so the panel's edit
   * form starts from what HubSpot has. Present only when `access.canEdit.allowed`.
   */
  editableValues: z.record(z.string(), z.string().nullable()).optional(),
});
export type RecordView = z.infer<typeof RecordView>;
