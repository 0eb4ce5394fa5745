import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import { changeWatchFor } from '../../db/change-watch';
import type { Database } from '../../db/schema';
import { mailTransportFromConfig } from '../../mail/from-config';
import type { MailTransport } from '../../mail/transport';
import { hasherFromConfig, type PasswordHasher } from '../../security/password';
import { policyFromConfig } from '../../security/throttle';
import type { AccountsDeps, AccountsLogger, InviteHook, ProveLinkByEmail } from './deps';
import { SessionMemo } from './session-memo';

/**
 * The accounts feature (workspaces, members, sessions, invites) from the configuration: session
 * lifetimes, throttle policy, password hashing, signup mode and the mail transport. Built once by
 * backend/compose.ts; the operator CLI builds its own for one command.
 */
export function createAccounts(
  config: Config,
  db: Kysely<Database>,
  extras: { logger: AccountsLogger; proveLinkByEmail: ProveLinkByEmail; now?: () => number; onInvite?: InviteHook | undefined; hasher?: PasswordHasher; mail?: MailTransport },
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
    proveLinkByEmail: extras.proveLinkByEmail,
  };
}
