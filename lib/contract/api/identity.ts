import { z } from 'zod';
import { HubSpotUserSummary, IdParam, LinkEvidence } from './records';
import { VerificationCode } from './accounts';

export { LinkEvidence };

/**
 * The identity contract: which HubSpot user each Portside member is, and the HubSpot permission
 * levels an admin mirrors for the ownership fallback. Shared by the backend routes and the
 * options page; every request body and answer is exported.
 *
 * Admin routes (role admin):
 *   GET    /api/v1/identity/members                        → MembersAnswer
 *   PUT    /api/v1/identity/members/:memberId/link         LinkBody → MemberEntry
 *   DELETE /api/v1/identity/members/:memberId/link         → MemberEntry
 *   PUT    /api/v1/identity/members/:memberId/permissions  PermissionLevelsBody → MemberEntry
 *   PUT    /api/v1/identity/members/:memberId/permissions/:objectType  ObjectLevels → MemberEntry (0-2, 0-3, 0-5)
 *   DELETE /api/v1/identity/members/:memberId/permissions/:objectType  → MemberEntry (back to "not set")
 *   POST   /api/v1/identity/sync                           → SyncAnswer
 *   GET    /api/v1/identity/teams                          → TeamsAnswer
 *   PUT    /api/v1/identity/teams                          TeamTreeBody → TeamsAnswer
 * Member routes:
 *   GET    /api/v1/identity/me                             → MeAnswer
 *   POST   /api/v1/identity/me/link-proof                  → 202 CodeSentResponse (code mailed to the HubSpot user)
 *   POST   /api/v1/identity/me/link-proof/verify           LinkProofBody → MeAnswer
 * Errors (standard shape): 401, 403 forbidden (not an admin), 404 portal_not_connected /
 * not_found (member not in the caller's workspace, HubSpot user not in the portal),
 * 409 conflict (HubSpot user already linked to another member), 400 bad_request,
 * 503 needs_reconnect, 502 hubspot_error.
 */

export const ViewLevel = z.enum(['everything', 'team', 'owned']);
export type ViewLevel = z.infer<typeof ViewLevel>;
export const EditLevel = z.enum(['everything', 'team', 'owned', 'none']);
export type EditLevel = z.infer<typeof EditLevel>;

/** HubSpot's per-object contact permission levels ("…and unassigned" ticked or not). */
export const PermissionLevels = z
  .object({
    view: ViewLevel,
    edit: EditLevel,
    viewUnassigned: z.boolean(),
    editUnassigned: z.boolean(),
  })
  .strict();
export type PermissionLevels = z.infer<typeof PermissionLevels>;

/** A member's levels on companies, deals or tickets: as for contacts, or no access to the object at all. */
export const ObjectLevels = z.discriminatedUnion('access', [
  z.object({ access: z.literal('none') }).strict(),
  PermissionLevels.extend({ access: z.literal('levels') }).strict(),
]);
export type ObjectLevels = z.infer<typeof ObjectLevels>;
/** The objects whose levels live apart from the link (contacts' stay in `levels`). */
export const LEVEL_OBJECT_TYPES = ['0-2', '0-3', '0-5'] as const;
export const LevelObjectType = z.enum(LEVEL_OBJECT_TYPES);
export type LevelObjectType = z.infer<typeof LevelObjectType>;
/** `PUT /api/v1/identity/members/:memberId/permissions/:objectType` body ObjectLevels → MemberEntry. */
export const MemberIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a member id');
export const MemberParams = z.object({ memberId: MemberIdParam }).strict();
export const MemberObjectParams = z.object({ memberId: MemberIdParam, objectType: LevelObjectType }).strict();

export const LinkBody = z.object({ hubspotUserId: IdParam }).strict();
export type LinkBody = z.infer<typeof LinkBody>;

export const PermissionLevelsBody = z.object({ levels: PermissionLevels.nullable() }).strict();
export type PermissionLevelsBody = z.infer<typeof PermissionLevelsBody>;

export const TeamRef = z.object({ id: z.string(), name: z.string().nullable() });
export type TeamRef = z.infer<typeof TeamRef>;

/** A linked HubSpot user as Portside last saw it in the portal. */
export const LinkedUser = HubSpotUserSummary.extend({
  evidence: LinkEvidence,
  active: z.boolean(),
  teams: z.array(TeamRef),
  linkedAt: z.string(),
  linkedBy: z.string().nullable(),
  syncedAt: z.string().nullable(),
});
export type LinkedUser = z.infer<typeof LinkedUser>;

/** A HubSpot user whose email equals the member's email. Never linked until an admin confirms. */
export const LinkProposal = z.object({
  userId: z.string(),
  ownerId: z.string().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  matchedBy: z.enum(['users', 'owners']),
  /** What confirming would prove: `verified_email` only when the member's email is verified. */
  evidence: LinkEvidence,
});
export type LinkProposal = z.infer<typeof LinkProposal>;

export const MemberEntry = z.object({
  memberId: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  role: z.enum(['admin', 'member']),
  link: LinkedUser.nullable(),
  levels: PermissionLevels.nullable(),
  /**
   * Levels per other object (null = not set). Optional until the identity services fill it in
   * (issue 20, S3/S6): absent reads as "not set" for every object.
   */
  objectLevels: z.record(LevelObjectType, ObjectLevels.nullable()).optional(),
  proposal: LinkProposal.nullable(),
});
export type MemberEntry = z.infer<typeof MemberEntry>;

export const PortalUserEntry = HubSpotUserSummary.extend({
  teams: z.array(TeamRef),
  linkedMemberId: z.string().nullable(),
});
export type PortalUserEntry = z.infer<typeof PortalUserEntry>;

export const MembersAnswer = z.object({
  portalId: z.string(),
  directorySyncedAt: z.string().nullable(),
  members: z.array(MemberEntry),
  /** The portal's active HubSpot users, for the admin's "link to…" picker. */
  hubspotUsers: z.array(PortalUserEntry),
});
export type MembersAnswer = z.infer<typeof MembersAnswer>;

export const SyncAnswer = z.object({
  portalId: z.string(),
  syncedAt: z.string(),
  users: z.number().int(),
  linksUpdated: z.number().int(),
  linksDeactivated: z.number().int(),
});
export type SyncAnswer = z.infer<typeof SyncAnswer>;

export const TeamNode = z.object({ id: IdParam, name: z.string().nullable(), parentTeamId: IdParam.nullable() });
export type TeamNode = z.infer<typeof TeamNode>;

/**
 * HubSpot's teams API gives no parent ids, so an admin may set the tree here; it is used only
 * when a record's `hs_all_accessible_team_ids` does not already list the ancestors.
 */
export const TeamTreeBody = z
  .object({ teams: z.array(z.object({ id: IdParam, parentTeamId: IdParam.nullable() }).strict()).max(1000) })
  .strict();
export type TeamTreeBody = z.infer<typeof TeamTreeBody>;

export const TeamsAnswer = z.object({ portalId: z.string(), teams: z.array(TeamNode) });
export type TeamsAnswer = z.infer<typeof TeamsAnswer>;

export const MeAnswer = z.object({
  memberId: z.string(),
  portalId: z.string().nullable(),
  status: z.enum(['linked', 'not_linked', 'inactive', 'portal_not_connected']),
  hubspotUser: LinkedUser.nullable(),
  levels: PermissionLevels.nullable(),
});
export type MeAnswer = z.infer<typeof MeAnswer>;

/** The code mailed to the linked HubSpot user's address, entered by the member. */
export const LinkProofBody = z.object({ code: VerificationCode }).strict();
export type LinkProofBody = z.infer<typeof LinkProofBody>;
