import type { EditableProperty } from '../../../lib/contract/api/settings';
import type { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import type { Result } from '../../../lib/contract/errors';
import type { AccessPort } from '../delivery/ports';
import type { Db } from '../../db/schema';

/**
 * What accepting a write needs from the rest of the backend, as narrow ports wired by backend/compose.ts (writes/create.ts):
 * the workspace's install (install service), the member's HubSpot identity (identity service),
 * the fresh access check (access service), and a nudge for this process's delivery worker.
 */

export interface InstalledPortalRef {
  portalId: string;
  status: 'connected' | 'needs_reconnect';
  /** Scopes HubSpot granted the install: whether the record's object may be written. */
  scopes: readonly string[];
}

export interface WriteIdentity {
  hubspotUserId: string;
  ownerId: string | null;
}

export interface WritesDeps {
  db: Db;
  installedPortal(workspaceId: string): Promise<InstalledPortalRef | null>;
  /** The member's linked, active HubSpot user; null when not linked (or deactivated). */
  identityOf(workspaceId: string, memberId: string): Promise<WriteIdentity | null>;
  access: AccessPort;
  /** The portal's task type/priority/status options (services/writes/task-options.ts). */
  taskOptions(workspaceId: string): Promise<Result<TaskOptionsResponse>>;
  /** The portal's call outcomes (services/write-kinds/call-outcomes.ts). */
  callOutcomes(workspaceId: string): Promise<Result<CallOutcomesResponse>>;
  notifyWorker(): void;
  now(): number;
}

export type { EditableProperty };
