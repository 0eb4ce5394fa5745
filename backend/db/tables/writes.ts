import type { Generated } from 'kysely';
import type { WriteKind } from '../../../lib/contract/api/writes';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';

/** CRM writes and their delivery (migrations 0004, 0010, 0011, 0015, 0016). Conventions in ../schema.ts. */
type Millis = number;

export type OutboxStatus = 'pending' | 'delivering' | 'done' | 'failed';
/** The values write_outbox.kind's CHECK allows (0015 added 'call'): every write kind of the contract. */
export type OutboxKind = WriteKind;

export interface WriteOutboxTable {
  id: string;
  workspace_id: string;
  portal_id: string;
  /**
   * The record's id, whatever its object (`object_type`): the column predates companies, deals
   * and tickets and keeps its name rather than touch every delivery query (migration 0016).
   */
  contact_id: string;
  /** HubSpot object type id of the record (CHECK: 0-1, 0-2, 0-3, 0-5); rows before 0016 are contacts. */
  object_type: Generated<CrmObjectTypeId>;
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
  attempts: Generated<number>;
  next_attempt_at: Millis;
  lease_owner: string | null;
  lease_expires_at: Millis | null;
  /** 1 when a create may have reached HubSpot: reconcile by marker before sending again. */
  maybe_sent: Generated<number>;
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
  blocked_until: Generated<Millis>;
  breaker_failures: Generated<number>;
  breaker_trips: Generated<number>;
  breaker_open_until: Generated<Millis>;
  updated_at: Millis;
  /** Requests HubSpot counted that no lease explains (rate-budget.ts), until `external_until`. */
  external_count: Generated<number>;
  external_until: Generated<Millis>;
}

export interface RateBudgetLeasesTable {
  id: string;
  portal_id: string;
  slots: number;
  granted_at: Millis;
  at: Millis;
  answers: string | null;
}

/** One allowlist per workspace and object (migration 0016; before it, contacts only). */
export interface EditablePropertiesTable {
  workspace_id: string;
  object_type: Generated<CrmObjectTypeId>;
  name: string;
  position: number;
  definition: string;
  updated_by: string | null;
  updated_at: Millis;
}

/** The values pipeline_access's CHECKs allow (migration 0018). */
export type PipelineObjectType = '0-3' | '0-5';
export type PipelineAccessValue = 'everyone' | 'restricted';

/** Admin-mirrored pipeline permissions per portal; `pipeline_id` '*' = no pipeline restricted. */
export interface PipelineAccessTable {
  workspace_id: string;
  portal_id: string;
  object_type: PipelineObjectType;
  pipeline_id: string;
  access: PipelineAccessValue;
  /** JSON arrays of HubSpot team and user ids. */
  team_ids: Generated<string>;
  user_ids: Generated<string>;
  updated_by: string | null;
  updated_at: Millis;
}
