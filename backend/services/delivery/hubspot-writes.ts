import { z } from 'zod';
import type { Result } from '../../../lib/errors';
import type { HubSpotApp } from '../../hubspot/app';
import { hubspotHttp, type Fetch, type HubSpotRequest } from '../../hubspot/http';
import type { HubSpotFailure } from '../../hubspot/translate';
import type { CallControl, CallMeta, EngagementKind, HubSpotRecord, HubSpotWrites, PortError, PortResult } from './ports';
import type { RateBudget, RateHeaders } from './rate-budget';

/**
 * HubSpotWrites over backend/hubspot's HTTP helper and error translator: the CRM batch endpoints
 * the delivery worker uses, each request inside a slot of the portal's shared rate budget, each
 * answer read with zod.
 */

/** The workspace's portal and a currently valid access token (refreshed by the install service). */
export type TokenSource = (workspaceId: string) => Promise<Result<{ portalId: string; accessToken: string }>>;

const Obj = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).default({}) });
const BatchAnswer = z.object({
  results: z.array(Obj).default([]),
  errors: z.array(z.object({ category: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() })).optional(),
});
const AssocPage = z.object({
  results: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** HubSpot-defined association types: note→contact 202, task→contact 204. */
const TO_CONTACT: Record<EngagementKind, number> = { notes: 202, tasks: 204 };
const BODY_PROPERTY: Record<EngagementKind, string> = { notes: 'hs_note_body', tasks: 'hs_task_body' };
/** Reconciliation reads at most this many of a contact's notes/tasks (newest ids first). */
const RECONCILE_SCAN_LIMIT = 2_000;

export function rateHeaders(h: Headers): RateHeaders {
  const num = (name: string) => {
    const v = h.get(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  return { max: num('x-hubspot-ratelimit-max'), remaining: num('x-hubspot-ratelimit-remaining'), intervalMs: num('x-hubspot-ratelimit-interval-milliseconds') };
}

export function toPortError(f: HubSpotFailure | { ok: false; error: { code: string; message: string; details?: unknown } }): PortError {
  const d = (f.error.details ?? {}) as Partial<HubSpotFailure['error']['details']>;
  const kind = d.kind ?? 'unknown';
  const status = d.httpStatus ?? null;
  const code: PortError['code'] =
    kind === 'unavailable' ? (status === null ? 'network' : 'server_error')
    : kind === 'rate_limited' ? 'rate_limited'
    : kind === 'needs_reconnect' || f.error.code === 'needs_reconnect' ? 'needs_reconnect'
    : kind === 'missing_scopes' ? 'missing_scopes'
    : kind === 'user_permission' ? 'user_permission'
    : kind === 'tier' ? 'tier'
    : kind === 'not_found' ? 'record_not_found'
    : kind === 'conflict' ? 'conflict'
    : kind === 'validation_error' ? 'validation_error'
    // 401s: the token went stale between refresh and use; a retry gets a fresh one.
    : kind === 'expired_token' || kind === 'invalid_token' ? 'server_error'
    : 'hubspot_error';
  return {
    code,
    status,
    message: f.error.message,
    adminAction: d.adminAction ?? null,
    retryAfterMs: d.retryAfterSeconds !== undefined ? d.retryAfterSeconds * 1000 : null,
    // No answer (timeout, dropped connection) or a 5xx: HubSpot may have done it anyway.
    maybeProcessed: status === null || status >= 500,
    ...(d.fields?.length ? { fields: d.fields.map((x) => ({ field: x.field ?? 'request', message: x.message })) } : {}),
  };
}

export class HttpHubSpotWrites implements HubSpotWrites {
  constructor(
    private readonly app: HubSpotApp,
    private readonly tokens: TokenSource,
    private readonly budget: RateBudget,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  /** One request: token, budget slot, HTTP, settle the slot with the answer's rate headers. */
  private async call<T>(workspaceId: string, req: HubSpotRequest, schema: z.ZodType<T>, ctl: CallControl): Promise<PortResult<T>> {
    const none: CallMeta = { correlationId: null, rate: null };
    const token = await this.tokens(workspaceId);
    if (!token.ok) return { ok: false, error: toPortError(token), meta: none };
    let slot: string;
    try {
      slot = await this.budget.take(token.data.portalId, ctl.signal);
    } catch {
      return { ok: false, error: { code: 'network', status: null, message: 'stopped', adminAction: null, retryAfterMs: null, maybeProcessed: false }, meta: none };
    }
    if (ctl.beforeSend && !(await ctl.beforeSend())) {
      return { ok: false, error: { code: 'lease_lost', status: null, message: 'lease lost', adminAction: null, retryAfterMs: null, maybeProcessed: false }, meta: none };
    }
    const res = await hubspotHttp(this.app, { ...req, accessToken: token.data.accessToken }, this.fetchImpl);
    if (!res.ok) {
      await this.budget.settle(token.data.portalId, slot, null);
      const d = (res.error.details ?? {}) as { correlationId?: string | null };
      return { ok: false, error: toPortError(res as HubSpotFailure), meta: { correlationId: d.correlationId ?? null, rate: null } };
    }
    const rate = rateHeaders(res.data.headers);
    await this.budget.settle(token.data.portalId, slot, rate);
    const meta = { correlationId: res.data.headers.get('x-hubspot-correlation-id'), rate };
    const parsed = schema.safeParse(res.data.body);
    if (!parsed.success) {
      // A 2xx we cannot read: treat as "maybe done" so creates are reconciled, never re-sent blind.
      return { ok: false, error: { code: 'server_error', status: res.data.status, message: 'HubSpot answered in an unexpected shape.', adminAction: null, retryAfterMs: null, maybeProcessed: true }, meta };
    }
    return { ok: true, data: parsed.data, meta };
  }

  readContacts(workspaceId: string, ids: string[], properties: string[], ctl: CallControl) {
    return this.call(workspaceId, { method: 'POST', path: '/crm/v3/objects/contacts/batch/read', json: { inputs: ids.map((id) => ({ id })), properties } }, BatchAnswer, ctl).then(
      (r): PortResult<HubSpotRecord[]> => (r.ok ? { ...r, data: r.data.results } : r),
    );
  }

  async updateContacts(workspaceId: string, inputs: { id: string; properties: Record<string, string> }[], ctl: CallControl) {
    const r = await this.call(workspaceId, { method: 'POST', path: '/crm/v3/objects/contacts/batch/update', json: { inputs } }, BatchAnswer, ctl);
    if (!r.ok) return r;
    const missing = (r.data.errors ?? []).flatMap((e) => e.context?.ids ?? []);
    return { ...r, data: { updated: r.data.results, missing } };
  }

  async createEngagements(workspaceId: string, kind: EngagementKind, inputs: { contactId: string; properties: Record<string, string> }[], ctl: CallControl) {
    const body = {
      inputs: inputs.map((i) => ({
        properties: i.properties,
        associations: [{ to: { id: i.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TO_CONTACT[kind] }] }],
      })),
    };
    const r = await this.call(workspaceId, { method: 'POST', path: `/crm/v3/objects/${kind}/batch/create`, json: body }, BatchAnswer, ctl);
    return r.ok ? { ...r, data: r.data.results } : r;
  }

  /** Reads the contact's associations (consistent, unlike search), then the bodies in batches of 100. */
  async findByMarkers(workspaceId: string, kind: EngagementKind, contactId: string, markers: string[], ctl: CallControl): Promise<PortResult<Map<string, string>>> {
    const ids: string[] = [];
    let after: string | undefined;
    let meta: CallMeta = { correlationId: null, rate: null };
    do {
      const page = await this.call(workspaceId, { method: 'GET', path: `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}/associations/${kind}`, query: { limit: 500, after } }, AssocPage, ctl);
      if (!page.ok) return page;
      meta = page.meta;
      ids.push(...page.data.results.map((x) => x.id));
      after = page.data.paging?.next?.after;
    } while (after && ids.length < RECONCILE_SCAN_LIMIT);
    const found = new Map<string, string>();
    const wanted = new Set(markers);
    // Newest first: a write being reconciled is recent, so its note is usually in the first batch.
    const ordered = ids.sort((a, b) => b.length - a.length || (b > a ? 1 : b < a ? -1 : 0)).slice(0, RECONCILE_SCAN_LIMIT);
    for (let i = 0; i < ordered.length && found.size < wanted.size; i += 100) {
      const batch = await this.call(workspaceId, { method: 'POST', path: `/crm/v3/objects/${kind}/batch/read`, json: { inputs: ordered.slice(i, i + 100).map((id) => ({ id })), properties: [BODY_PROPERTY[kind]] } }, BatchAnswer, ctl);
      if (!batch.ok) return batch;
      meta = batch.meta;
      for (const rec of batch.data.results) {
        const body = rec.properties[BODY_PROPERTY[kind]] ?? '';
        for (const m of wanted) if (body.includes(m)) found.set(m, rec.id);
      }
    }
    return { ok: true, data: found, meta };
  }
}
