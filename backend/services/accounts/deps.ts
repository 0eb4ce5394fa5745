import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { PasswordHasher } from '../../security/password';
import { hasherFromConfig } from '../../security/password';
import { policyFromConfig, type ThrottlePolicy } from '../../security/throttle';
import type { Config } from '../../config';
import { mailTransportFromConfig } from '../../mail/from-config';
import type { MailTransport } from '../../mail/transport';
import { changeWatchFor } from '../../db/change-watch';
import { SessionMemo } from './session-memo';

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
}

/** Who is asking, for audit rows and the throttle. */
export interface RequestContext {
  ip: string;
  correlationId: string | null;
}

export function accountsDepsFromConfig(
  config: Config,
  db: Kysely<Database>,
  extras: { logger: AccountsLogger; now?: () => number; onInvite?: InviteHook | undefined; hasher?: PasswordHasher; mail?: MailTransport },
): AccountsDeps {
  return {
    db,
    hasher: extras.hasher ?? hasherFromConfig(config),
    throttle: policyFromConfig(config),
    sessions: {
      idleMs: config.SESSION_IDLE_SECONDS * 1000,
      absoluteMs: config.SESSION_ABSOLUTE_SECONDS * 1000,
      rememberIdleMs: config.SESSION_REMEMBER_IDLE_SECONDS * 1000,
      rememberAbsoluteMs: config.SESSION_REMEMBER_ABSOLUTE_SECONDS * 1000,
      touchMs: config.SESSION_TOUCH_SECONDS * 1000,
    },
    inviteTtlMs: config.INVITE_TTL_SECONDS * 1000,
    signup: config.WORKSPACE_SIGNUP,
    now: extras.now ?? Date.now,
    logger: extras.logger,
    onInvite: extras.onInvite,
    mail: extras.mail ?? mailTransportFromConfig(config, extras.logger),
    sessionMemo: new SessionMemo(changeWatchFor(db)),
  };
}
