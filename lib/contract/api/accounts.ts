import { z } from 'zod';
import { DISPLAY_UNSAFE_MESSAGE, hasLoneSurrogate, isDisplaySafe, LONE_SURROGATE_MESSAGE } from '../safe-text';

/**
 * The accounts contract, shared by the backend (validation) and the extension (parsing answers).
 * Every body is a strict object: unknown fields are a 400, never silently ignored.
 *
 * Public:   POST /api/v1/workspaces            CreateWorkspaceRequest → 202 CodeSentResponse (always)
 *           POST /api/v1/workspaces/verify     VerifyWorkspaceRequest → 201 SessionResponse
 *           POST /api/v1/auth/sign-in          SignInRequest          → 200 SessionResponse
 *           POST /api/v1/invites/inspect       InspectInviteRequest   → 200 InviteInfoResponse
 *           POST /api/v1/invites/accept        AcceptInviteRequest    → 200 SessionResponse
 * Signed in: POST /api/v1/auth/sign-out       (no body)              → 204
 *           GET  /api/v1/me                                           → 200 MeResponse
 *           PATCH /api/v1/me                   UpdateMeRequest        → 200 MeResponse
 *           POST /api/v1/me/password           ChangePasswordRequest  → 200 ChangePasswordResponse
 *           POST /api/v1/me/email/code         (no body)              → 202 CodeSentResponse
 *           POST /api/v1/me/email/verify       VerifyCodeRequest      → 200 MeResponse
 * Admin:    GET  /api/v1/members                                      → 200 MemberListResponse
 *           POST /api/v1/members               InviteMemberRequest    → 201 InviteCreatedResponse
 *           PUT  /api/v1/members/:memberId/role  ChangeRoleRequest    → 200 MemberResponse
 *           POST /api/v1/members/:memberId/disable (no body)          → 200 MemberResponse
 *           POST /api/v1/members/:memberId/enable  (no body)          → 200 MemberResponse
 *           POST /api/v1/members/:memberId/reset-access (no body)     → 201 InviteCreatedResponse
 * Errors use the standard `{error: {code, message}}`; codes: bad_request, unauthenticated,
 * session_expired, invalid_credentials, too_many_attempts (with `retryAfterSeconds` in details
 * and a Retry-After header), forbidden, not_found, conflict, invite_invalid, last_admin,
 * code_invalid (a mailed code that is wrong, expired, used or tried too often).
 */

/** Passwords: 8–256 characters counted as code points, taken exactly as typed. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
const codePoints = (s: string) => [...s].length;
export const Password = z
  .string()
  // A cheap length bound first (UTF-16 units ≤ 2 per code point), so a huge string is not iterated.
  .max(PASSWORD_MAX * 2, `must be at most ${PASSWORD_MAX} characters`)
  .refine((s) => codePoints(s) >= PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .refine((s) => codePoints(s) <= PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .refine((s) => !hasLoneSurrogate(s), LONE_SURROGATE_MESSAGE);

/** Emails are compared and stored lowercase, without surrounding spaces. */
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address'));

/** Sign-in checks only the length bound: an old password must still be typeable. */
const AnyPassword = z.string().min(1).max(PASSWORD_MAX * 2).refine((s) => !hasLoneSurrogate(s), LONE_SURROGATE_MESSAGE);

export const Role = z.enum(['admin', 'member']);
export type Role = z.infer<typeof Role>;
export const MemberStatus = z.enum(['invited', 'active', 'disabled']);
export type MemberStatus = z.infer<typeof MemberStatus>;
/** Names others see: trimmed, 1–100 characters, no control or bidi characters (lib/contract/safe-text.ts). */
const SafeName = z.string().trim().min(1).max(100).refine(isDisplaySafe, DISPLAY_UNSAFE_MESSAGE);
export const DisplayName = SafeName;
export const WorkspaceName = SafeName;
/** A mailed one-time code: 8 digits (security/codes.ts). */
export const VerificationCode = z.string().regex(/^\d{8}$/, 'must be the 8-digit code from the email');
/** Invite codes and session tokens: 32 random bytes, base64url. */
export const OpaqueToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid code');
export const MemberIdParams = z.strictObject({ memberId: z.uuid() });
export type MemberIdParams = z.infer<typeof MemberIdParams>;

// ---- Views ---------------------------------------------------------------------------------

export const WorkspaceView = z.object({ id: z.string(), name: z.string(), createdAt: z.iso.datetime() });
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export const MemberView = z.object({
  id: z.string(),
  email: z.string(),
  /** True once the member proved the address with a mailed code (sign-up, or "Verify your email"). */
  emailVerified: z.boolean(),
  displayName: z.string().nullable(),
  role: Role,
  status: MemberStatus,
  createdAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime().nullable(),
  /** Admin list only: when the outstanding invite (if any) expires. */
  invitePendingUntil: z.iso.datetime().nullable().optional(),
});
export type MemberView = z.infer<typeof MemberView>;

export const SessionInfo = z.object({
  expiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int(),
  staySignedIn: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

// ---- Requests and responses ----------------------------------------------------------------

/**
 * Sign-up, step 1: the answer is the same 202 whether or not the address has an account (the
 * mail says which), so sign-up cannot be used to learn who is on the server. No password yet:
 * nothing here runs the KDF.
 */
export const CreateWorkspaceRequest = z.strictObject({
  workspaceName: WorkspaceName,
  email: Email,
  displayName: DisplayName.optional(),
});
export type CreateWorkspaceRequest = z.input<typeof CreateWorkspaceRequest>;

/** "We sent a code to <email>": the one answer of every code-sending request. */
export const CodeSentResponse = z.object({ sentTo: z.string(), expiresInSeconds: z.number().int(), message: z.string() });
export type CodeSentResponse = z.infer<typeof CodeSentResponse>;

/** Sign-up, step 2: the mailed code proves the address; the workspace and session are made now. */
export const VerifyWorkspaceRequest = z.strictObject({
  email: Email,
  code: VerificationCode,
  password: Password,
  staySignedIn: z.boolean().optional(),
});
export type VerifyWorkspaceRequest = z.input<typeof VerifyWorkspaceRequest>;

export const VerifyCodeRequest = z.strictObject({ code: VerificationCode });
export type VerifyCodeRequest = z.input<typeof VerifyCodeRequest>;

export const SignInRequest = z.strictObject({ email: Email, password: AnyPassword, staySignedIn: z.boolean().optional() });
export type SignInRequest = z.input<typeof SignInRequest>;

/** Every way of getting a session answers with this; the token is shown this once. */
export const SessionResponse = z.object({
  token: OpaqueToken,
  session: SessionInfo,
  member: MemberView,
  workspace: WorkspaceView,
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const InspectInviteRequest = z.strictObject({ code: OpaqueToken });
export type InspectInviteRequest = z.input<typeof InspectInviteRequest>;
export const InviteInfoResponse = z.object({ email: z.string(), workspaceName: z.string(), role: Role, expiresAt: z.iso.datetime() });
export type InviteInfoResponse = z.infer<typeof InviteInfoResponse>;

export const AcceptInviteRequest = z.strictObject({
  code: OpaqueToken,
  password: Password,
  displayName: DisplayName.optional(),
  staySignedIn: z.boolean().optional(),
});
export type AcceptInviteRequest = z.input<typeof AcceptInviteRequest>;

export const MeResponse = z.object({ member: MemberView, workspace: WorkspaceView, session: SessionInfo });
export type MeResponse = z.infer<typeof MeResponse>;

/** Members may change their display name only: the email is an identity the HubSpot link trusts. */
export const UpdateMeRequest = z.strictObject({ displayName: DisplayName.nullable() });
export type UpdateMeRequest = z.input<typeof UpdateMeRequest>;

export const ChangePasswordRequest = z.strictObject({ currentPassword: AnyPassword, newPassword: Password });
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;
export const ChangePasswordResponse = z.object({ otherSessionsRevoked: z.number().int() });
export type ChangePasswordResponse = z.infer<typeof ChangePasswordResponse>;

export const MemberListResponse = z.object({ members: z.array(MemberView) });
export type MemberListResponse = z.infer<typeof MemberListResponse>;
export const MemberResponse = z.object({ member: MemberView });
export type MemberResponse = z.infer<typeof MemberResponse>;

export const InviteMemberRequest = z.strictObject({ email: Email, role: Role.default('member'), displayName: DisplayName.optional() });
export type InviteMemberRequest = z.input<typeof InviteMemberRequest>;

/** The invite code is shown once, to the admin who made it, to pass on (link or copy). */
export const InviteCreatedResponse = z.object({
  member: MemberView,
  invite: z.object({ code: OpaqueToken, expiresAt: z.iso.datetime() }),
});
export type InviteCreatedResponse = z.infer<typeof InviteCreatedResponse>;

export const ChangeRoleRequest = z.strictObject({ role: Role });
export type ChangeRoleRequest = z.input<typeof ChangeRoleRequest>;

/** Details of a `too_many_attempts` error. */
export const TooManyAttemptsDetails = z.object({ retryAfterSeconds: z.number().int() });
export type TooManyAttemptsDetails = z.infer<typeof TooManyAttemptsDetails>;
