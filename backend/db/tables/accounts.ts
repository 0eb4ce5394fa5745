import type { ColumnType, Generated } from 'kysely';

/**
 * Accounts and the generic audit trail (migrations 0001, 0002, 0003, 0007, 0009). Conventions in
 * ../schema.ts. `Generated<T>`: the column has a default, so an insert may leave it out.
 */
type Millis = number;

export type Role = 'admin' | 'member';
export type MemberStatus = 'invited' | 'active' | 'disabled';
export type AuditResult = 'ok' | 'denied' | 'failed';
export type CodePurpose = 'signup' | 'email' | 'link';

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: Millis;
  // Bumped by "lock" writes that serialise workspace-wide rules (e.g. the last admin check).
  updated_at: Millis;
}

export interface MembersTable {
  id: string;
  workspace_id: string;
  /** Normalised lowercase; unique among active accounts (sign-in is by email alone). Never self-editable. */
  email: string;
  display_name: string | null;
  role: Role;
  status: MemberStatus;
  /** PHC string; null until an invite is accepted, and after an admin resets access. */
  password_hash: string | null;
  /** Set when the member proved the address: created the workspace or accepted an invite sent to it. */
  email_verified_at: Millis | null;
  last_sign_in_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface SessionsTable {
  id: string;
  workspace_id: string;
  member_id: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: string;
  stay_signed_in: number;
  idle_timeout_ms: number;
  expires_at: Millis;
  last_seen_at: Millis;
  revoked_at: Millis | null;
  created_at: Millis;
}

export interface InvitesTable {
  id: string;
  workspace_id: string;
  member_id: string;
  token_hash: string;
  created_by: string | null;
  expires_at: Millis;
  used_at: Millis | null;
  revoked_at: Millis | null;
  created_at: Millis;
}

export interface LoginThrottleTable {
  /** `pair:<email>|<ip>`, `account:<email>` or `ip:<ip>`. */
  key: string;
  failures: number;
  window_started_at: Millis;
  locked_until: Millis | null;
  lockouts: Generated<number>;
  /** For pair keys: the last successful sign-in from this address (lets a known address past an account cool-down). */
  last_success_at: Millis | null;
  updated_at: Millis;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_member_id: string | null;
  actor_hubspot_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  result: AuditResult;
  /** JSON text; never secrets. */
  details: ColumnType<string, string | undefined, string>;
  correlation_id: string | null;
  created_at: Millis;
}

/** One-time codes sent by mail (services/accounts/codes.ts); only a hash is stored. */
export interface VerificationCodesTable {
  id: string;
  purpose: CodePurpose;
  subject: string;
  code_hash: string;
  /** JSON; never a secret (no password, no code). */
  data: Generated<string>;
  attempts: Generated<number>;
  expires_at: Millis;
  used_at: Millis | null;
  created_at: Millis;
}
