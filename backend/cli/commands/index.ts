import type { Command } from '../command';
import { adminCreateCommand } from './admin-create';
import { auditExportCommand } from './audit-export';
import { hubspotCheckCommand } from './hubspot-check';
import { installForceReconnectCommand } from './install-force-reconnect';
import { installsListCommand } from './installs-list';
import { keysRotateCommand } from './keys-rotate';
import { migrateCommand } from './migrate';
import { outboxDeadCommand } from './outbox-dead';
import { outboxDropCommand } from './outbox-drop';
import { outboxRetryCommand } from './outbox-retry';
import { outboxStatusCommand } from './outbox-status';
import { pruneCommand } from './prune';
import { workspaceCreateCommand } from './workspace-create';
import { workspaceListCommand } from './workspace-list';

/** Every operator command, in the order `help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own flag schema; run() takes the parsed flags, so no single schema type fits the list.
export const COMMANDS: Command<any>[] = [
  migrateCommand,
  workspaceCreateCommand,
  workspaceListCommand,
  adminCreateCommand,
  installsListCommand,
  installForceReconnectCommand,
  keysRotateCommand,
  auditExportCommand,
  pruneCommand,
  outboxStatusCommand,
  outboxDeadCommand,
  outboxRetryCommand,
  outboxDropCommand,
  hubspotCheckCommand,
];
