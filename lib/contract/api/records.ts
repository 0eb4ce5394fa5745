import { z } from 'zod';
import { CRM_OBJECT_TYPE_IDS } from '../crm-objects';
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

/** A CRM object type id in a path (`0-1` contacts, `0-2` companies, `0-3` deals, `0-5` tickets). */
export const ObjectTypeParam = z.enum(CRM_OBJECT_TYPE_IDS);
/** `GET /api/v1/portals/:portalId/objects/:objectType/:recordId/view` → ObjectRecordView. */
export const ObjectRecordParams = z.object({ portalId: IdParam, objectType: ObjectTypeParam, recordId: IdParam }).strict();

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
  // The fallback (no record permission API): the admin set "no access" for this object, the
  // record's pipeline is restricted to others, or nobody told Portside who may see the pipeline.
  'object_not_permitted',
  'pipeline_not_permitted',
  'pipeline_unknown',
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

const Owner = z.object({ id: z.string(), name: z.string().nullable() }).nullable();
/** An id HubSpot stores on the record with its label; `label` null: the id is not in HubSpot's list. */
const Labelled = z.object({ id: z.string(), label: z.string().nullable() }).nullable();

/** What the panel shows of a record, one variant per object. */
export const RecordSummary = z.discriminatedUnion('object', [
  ContactSummary.extend({ object: z.literal('contact') }),
  z.object({
    object: z.literal('company'),
    id: z.string(),
    name: z.string().nullable(),
    domain: z.string().nullable(),
    industry: Labelled,
    owner: Owner,
    /** HubSpot's calculated `num_associated_contacts`. */
    associatedContacts: z.number().int().nullable(),
    updatedAt: z.string().nullable(),
  }),
  z.object({
    object: z.literal('deal'),
    id: z.string(),
    name: z.string().nullable(),
    pipeline: Labelled,
    stage: Labelled,
    /** `value` is HubSpot's decimal string; `currency` null: the portal's company currency is unknown. */
    amount: z.object({ value: z.string(), currency: z.string().nullable() }).nullable(),
    closeDate: z.string().nullable(),
    owner: Owner,
    updatedAt: z.string().nullable(),
  }),
  z.object({
    object: z.literal('ticket'),
    id: z.string(),
    subject: z.string().nullable(),
    pipeline: Labelled,
    stage: Labelled,
    priority: Labelled,
    owner: Owner,
    updatedAt: z.string().nullable(),
  }),
]);
export type RecordSummary = z.infer<typeof RecordSummary>;

/**
 * The record view of any CRM object: RecordView with the object's type and a summary per object.
 * Errors as RecordView's, plus 409 object_not_available (the install was not granted the
 * object's read scope; `details.missingScopes`, `details.reconnect`).
 */
export const ObjectRecordView = z.object({
  portalId: z.string(),
  objectType: ObjectTypeParam,
  recordId: z.string(),
  viewer: RecordView.shape.viewer,
  access: RecordAccess,
  /** Present only when `access.canView.allowed`. */
  summary: RecordSummary.nullable(),
  /** As RecordView's: the allowlisted properties' current values, only when `access.canEdit.allowed`. */
  editableValues: z.record(z.string(), z.string().nullable()).optional(),
});
export type ObjectRecordView = z.infer<typeof ObjectRecordView>;
