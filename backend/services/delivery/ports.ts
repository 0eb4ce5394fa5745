import type { DeliveryErrorCode, WriteFieldIssue } from '../../../lib/contract/api/writes';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { RecordKey as RecordRef } from '../access/check';
import type { EngagementObject } from '../../hubspot/crm-batch';
import type { RateHeaders } from './rate-budget';

/**
 * What the delivery worker needs from the rest of the backend, as narrow interfaces so the worker
 * is testable alone and knows no HubSpot URL: the HubSpot write calls (implemented over the
 * HubSpot gateway in backend/hubspot), the fresh access check (services/access) and the install
 * state (services/install).
 */

export interface CallMeta {
  correlationId: string | null;
  rate: RateHeaders | null;
}

export interface PortError {
  /** `lease_lost`: this instance no longer holds the writes (nothing was sent). */
  code: DeliveryErrorCode | 'timeout' | 'network' | 'server_error' | 'lease_lost';
  status: number | null;
  /** Plain language for the rep. */
  message: string;
  /** What an admin must do, when an admin can fix it (reconnect, grant a scope). */
  adminAction: string | null;
  retryAfterMs: number | null;
  /** The request may have been processed by HubSpot (timeout or dropped connection after sending, 5xx). */
  maybeProcessed: boolean;
  fields?: WriteFieldIssue[];
  /** HubSpot ids the error is about (a batch's missing records). */
  ids?: string[];
}

export type PortResult<T> = { ok: true; data: T; meta: CallMeta } | { ok: false; error: PortError; meta: CallMeta };

/** The record a write is on: its portal, CRM object and id (the access service's RecordKey: contact 5 is not deal 5). */
export type { RecordRef };

export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
}

/** The HubSpot object a write kind creates (its entry in services/writes/kinds.ts). */
export type { EngagementObject };

export interface CallControl {
  /** Graceful stop: abandons waiting for budget (nothing is sent then). */
  signal: AbortSignal;
  /**
   * Runs after the budget slot is taken, right before the request leaves; false cancels it. The
   * worker renews its lease here, so a write whose lease ran out while waiting is never sent by
   * two instances.
   */
  beforeSend?: () => Promise<boolean>;
}

/**
 * Implementations take a slot of the portal's shared RateBudget for every HTTP request they make
 * and settle it with the answer's rate headers.
 */
export interface HubSpotWrites {
  /** Records of one CRM object by id (one batch, ≤100) with the named properties. Missing ids are absent from the answer. */
  readRecords(workspaceId: string, objectType: CrmObjectTypeId, ids: string[], properties: string[], ctl: CallControl): Promise<PortResult<HubSpotRecord[]>>;
  /** Property changes to records of one CRM object, one batch (≤100). Records HubSpot does not have come back in `missing`. */
  updateRecords(workspaceId: string, objectType: CrmObjectTypeId, inputs: { id: string; properties: Record<string, string> }[], ctl: CallControl): Promise<PortResult<{ updated: HubSpotRecord[]; missing: string[] }>>;
  /** Engagements of one object (notes, tasks…), one batch (≤100), each associated with its record. Results in HubSpot's order. */
  createEngagements(workspaceId: string, object: EngagementObject, inputs: { recordId: string; objectType: CrmObjectTypeId; properties: Record<string, string> }[], ctl: CallControl): Promise<PortResult<HubSpotRecord[]>>;
  /**
   * The record's engagements of `object` whose body contains one of `markers` → marker → HubSpot
   * id. Must read consistently (associations, not the search index, which lags behind creates).
   */
  findByMarkers(workspaceId: string, object: EngagementObject, record: { objectType: CrmObjectTypeId; recordId: string }, markers: string[], ctl: CallControl): Promise<PortResult<Map<string, string>>>;
}

export type AccessRecheck =
  /** `values`: the record's `properties` as the check read them (null when it read no record). */
  | { ok: true; allowed: boolean; code: string; message: string; values?: Record<string, string | null> | null }
  | { ok: false; error: PortError };

export interface AccessPort {
  /**
   * The member's edit right on the record *now* (no cache); batched by the access service.
   * `properties`: the record's properties to read with the check (a property edit's "before" values).
   */
  canEditFresh(workspaceId: string, memberId: string, ref: RecordRef, opts?: { properties?: readonly string[] }): Promise<AccessRecheck>;
}

export type InstallState = 'connected' | 'needs_reconnect' | 'disconnected';

export interface InstallPort {
  state(workspaceId: string): Promise<InstallState>;
}
