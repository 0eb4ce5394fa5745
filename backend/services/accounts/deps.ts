import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { PasswordHasher } from '../../security/password';
import type { ThrottlePolicy } from '../../security/throttle';
import type { MailTransport } from '../../mail/transport';
import type { SessionMemo } from './session-memo';

/** What the operator's mail hook receives. The code is the secret to deliver; do not log it. */
export interface InviteNotice {
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: 'admin' | 'member';
  code: string;
  expiresAt: Date;
  /** `invite` for a new member, `reset` when an admin reset an existing member's access. */
  kind: 'invite' | 'reset';
}
export type InviteHook = (notice: InviteNotice) => void | Promise<void>;

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  rememberIdleMs: number;
  rememberAbsoluteMs: number;
  touchMs: number;
}

export interface AccountsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Everything the accounts services need; built once at start, replaced piecemeal in tests. */
export interface AccountsDeps {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  throttle: ThrottlePolicy;
  sessions: SessionPolicy;
  inviteTtlMs: number;
  signup: 'open' | 'first' | 'closed';
  now: () => number;
  logger: AccountsLogger;
  onInvite?: InviteHook | undefined;
  /** Where one-time codes are mailed (backend/mail). */
  mail: MailTransport;
  /** Live sessions remembered between requests (session-memo.ts); without it every request reads the database. */
  sessionMemo?: SessionMemo | undefined;
  /**
   * Called inside the transaction that marks a member's email verified: identity proves an
   * unverified HubSpot link to a user with that address (services/identity/evidence.ts). A port
   * filled in by backend/compose.ts, because identity sits above accounts (it reads members).
   */
  proveLinkByEmail: ProveLinkByEmail;
}

export type ProveLinkByEmail = (trx: Kysely<Database>, workspaceId: string, memberId: string, email: string, now: number) => Promise<{ hubspot_user_id: string } | null>;

/** Who is asking, for audit rows and the throttle. */
export interface RequestContext {
  ip: string;
  correlationId: string | null;
}
