import type { ColumnType, Kysely, Selectable } from 'kysely';
import type { WriteKind } from '../../../lib/api/writes';
import type { Database } from '../../db/schema';

/**
 * Kysely types of the write tables (migration 0004_writes). Kept beside the feature; the
 * services widen the shared `Database` with them (`WritesDb`).
 */
type Millis = number;

export type OutboxStatus = 'pending' | 'delivering' | 'done' | 'failed';
export type OutboxKind = WriteKind;

export interface WriteOutboxTable {
  id: string;
  workspace_id: string;
  portal_id: string;
  contact_id: string;
  member_id: string;
  hubspot_user_id: string | null;
  owner_id: string | null;
  kind: OutboxKind;
  idempotency_key: string;
  request_hash: string;
  /** The accepted request body (JSON), for views and audit. */
  request: string;
  /** HubSpot properties to send (JSON object of strings). */
  payload: string;
  marker: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Millis;
  lease_owner: string | null;
  lease_expires_at: Millis | null;
  /** 1 when a create may have reached HubSpot: reconcile by marker before sending again. */
  maybe_sent: number;
  wait_reason: string | null;
  /** WriteError JSON: the failure, or the last transient error while pending. */
  last_error: string | null;
  hubspot_object_id: string | null;
  correlation_id: string | null;
  created_at: Millis;
  updated_at: Millis;
  delivered_at: Millis | null;
  /** When a fresh access check last allowed this write; null while it waits for its check (migration 0011). */
  access_checked_at: Millis | null;
  /** Property edits: the edited properties' values as that check read them (JSON object). */
  checked_values: string | null;
}

export interface PortalDeliveryTable {
  portal_id: string;
  observed_max: number | null;
  observed_interval_ms: number | null;
  blocked_until: Millis;
  breaker_failures: number;
  breaker_trips: number;
  breaker_open_until: Millis;
  updated_at: Millis;
  /** Requests HubSpot counted that no lease explains (rate-budget.ts), until `external_until`. */
  external_count: ColumnType<number, number | undefined, number>;
  external_until: ColumnType<Millis, Millis | undefined, Millis>;
}

export interface RateBudgetLeasesTable {
  id: string;
  portal_id: string;
  slots: number;
  granted_at: Millis;
  at: Millis;
  answers: string | null;
}

export interface EditablePropertiesTable {
  workspace_id: string;
  name: string;
  position: number;
  definition: string;
  updated_by: string | null;
  updated_at: Millis;
}

export interface WritesTables {
  write_outbox: WriteOutboxTable;
  portal_delivery: PortalDeliveryTable;
  rate_budget_leases: RateBudgetLeasesTable;
  editable_properties: EditablePropertiesTable;
}

export type WritesDb = Kysely<Database & WritesTables>;
export type OutboxRow = Selectable<WriteOutboxTable>;
export type PortalDeliveryRow = Selectable<PortalDeliveryTable>;

/** The shared handle typed with the write tables too (same connection, wider type). */
export function writesDb(db: Kysely<Database>): WritesDb {
  return db as unknown as WritesDb;
}
