import type { Answered } from '../../hubspot/answered';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { listRecordAssociations } from '../../hubspot/associations';
import { createEngagementsBatch, readEngagementBodies, readRecordsBatch, updateRecordsBatch, type EngagementInput } from '../../hubspot/crm-batch';
import { OBJECT_API } from '../../hubspot/objects';
import type { CallOptions } from '../../hubspot/gateway';
import { notSentReason } from '../../hubspot/gateway-failures';
import type { PortalSend, SendResult } from '../../hubspot/portal-send';
import type { HubSpotFailure } from '../../hubspot/translate';
import type { CallControl, CallMeta, EngagementObject, HubSpotRecord, HubSpotWrites, PortError, PortResult } from './ports';

/**
 * HubSpotWrites over the HubSpot gateway (token, a 401's forced refresh, the portal's shared
 * rate budget, install health) and the CRM adapter functions of backend/hubspot. This file
 * only turns their answers into the worker's terms (PortResult, PortError).
 */

/** The gateway's per-workspace face with per-call options (HubSpotGateway.portal). */
export type GatewayFor = (workspaceId: string, opts: CallOptions) => PortalSend;

/** Reconciliation reads at most this many of a record's engagements of one object (newest ids first). */
const RECONCILE_SCAN_LIMIT = 2_000;
const BATCH = 100;

type Failed = HubSpotFailure | { ok: false; error: { code: string; message: string; details?: unknown } };

export function toPortError(f: Failed): PortError {
  const d = (f.error.details ?? {}) as Partial<HubSpotFailure['error']['details']>;
  const kind = d.kind ?? 'unknown';
  const status = d.httpStatus ?? null;
  const unsent = notSentReason(f.error.details);
  const code: PortError['code'] =
    unsent === 'lease_lost' ? 'lease_lost'
    : unsent === 'aborted' ? 'network'
    : kind === 'unavailable' ? (status === null ? 'network' : 'server_error')
    : kind === 'rate_limited' ? 'rate_limited'
    : kind === 'needs_reconnect' || f.error.code === 'needs_reconnect' ? 'needs_reconnect'
    // The install lost the object's scope since the write was accepted: an admin must reconnect.
    : kind === 'missing_scopes' || f.error.code === 'object_not_available' ? 'missing_scopes'
    : kind === 'user_permission' ? 'user_permission'
    : kind === 'tier' ? 'tier'
    : kind === 'not_found' ? 'record_not_found'
    : kind === 'conflict' ? 'conflict'
    : kind === 'validation_error' ? 'validation_error'
    // A 401 even after the gateway's forced refresh and retry: try again later, with backoff.
    : kind === 'expired_token' || kind === 'invalid_token' ? 'server_error'
    : 'hubspot_error';
  return {
    code,
    status,
    message: f.error.message,
    adminAction: d.adminAction ?? null,
    retryAfterMs: d.retryAfterSeconds !== undefined ? d.retryAfterSeconds * 1000 : null,
    // No answer (timeout, dropped connection) or a 5xx: HubSpot may have done it anyway. A
    // request the gateway never sent cannot have been processed.
    maybeProcessed: unsent === null && (status === null || status >= 500),
    ...(d.fields?.length ? { fields: d.fields.map((x) => ({ field: x.field ?? 'request', message: x.message })) } : {}),
  };
}

function toPort<T, U>(r: SendResult<Answered<T>>, map: (v: T) => U): PortResult<U> {
  if (r.ok) return { ok: true, data: map(r.data.value), meta: { correlationId: r.data.correlationId, rate: r.data.rate } };
  const correlationId = (r.error.details as { correlationId?: string | null } | undefined)?.correlationId ?? null;
  return { ok: false, error: toPortError(r), meta: { correlationId, rate: null } };
}

const same = <T>(v: T) => v;

export class GatewayHubSpotWrites implements HubSpotWrites {
  constructor(private readonly gateway: GatewayFor) {}

  private send(workspaceId: string, ctl: CallControl): PortalSend {
    return this.gateway(workspaceId, { signal: ctl.signal, ...(ctl.beforeSend ? { beforeSend: ctl.beforeSend } : {}) });
  }

  async readRecords(workspaceId: string, objectType: CrmObjectTypeId, ids: string[], properties: string[], ctl: CallControl): Promise<PortResult<HubSpotRecord[]>> {
    return toPort(await readRecordsBatch(this.send(workspaceId, ctl), OBJECT_API[objectType].name, ids, properties), same);
  }

  async updateRecords(workspaceId: string, objectType: CrmObjectTypeId, inputs: { id: string; properties: Record<string, string> }[], ctl: CallControl) {
    return toPort(await updateRecordsBatch(this.send(workspaceId, ctl), OBJECT_API[objectType].name, inputs), same);
  }

  async createEngagements(workspaceId: string, object: EngagementObject, inputs: EngagementInput[], ctl: CallControl) {
    return toPort(await createEngagementsBatch(this.send(workspaceId, ctl), object, inputs), same);
  }

  /** Reads the record's associations (consistent, unlike search), then the bodies in batches of 100. */
  async findByMarkers(workspaceId: string, object: EngagementObject, record: { objectType: CrmObjectTypeId; recordId: string }, markers: string[], ctl: CallControl): Promise<PortResult<Map<string, string>>> {
    const send = this.send(workspaceId, ctl);
    const listed = toPort(await listRecordAssociations(send, OBJECT_API[record.objectType].name, record.recordId, object.type, RECONCILE_SCAN_LIMIT), same);
    if (!listed.ok) return listed;
    let meta: CallMeta = listed.meta;
    const found = new Map<string, string>();
    const wanted = new Set(markers);
    // Newest first: a write being reconciled is recent, so its note is usually in the first batch.
    const ordered = listed.data.sort((a, b) => b.length - a.length || (b > a ? 1 : b < a ? -1 : 0)).slice(0, RECONCILE_SCAN_LIMIT);
    for (let i = 0; i < ordered.length && found.size < wanted.size; i += BATCH) {
      const bodies = toPort(await readEngagementBodies(send, object, ordered.slice(i, i + BATCH)), same);
      if (!bodies.ok) return bodies;
      meta = bodies.meta;
      for (const rec of bodies.data) for (const m of wanted) if (rec.body.includes(m)) found.set(m, rec.id);
    }
    return { ok: true, data: found, meta };
  }
}
