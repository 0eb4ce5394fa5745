import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { CrmObjectName } from './objects';
import { failureKind, idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * Reads of one CRM object's records for the record view and the access check, through the
 * install's gateway (`send`):
 *
 * - `GET /crm/v3/objects/{name}/{id}?properties=…` — one record;
 * - `POST /crm/v3/objects/{name}/batch/read` (at most 100 ids) — many, for the write path's
 *   checks. HubSpot answers 200, or 207 with the ids it does not have under `errors`
 *   (category OBJECT_NOT_FOUND, `context.ids`).
 *
 * A record HubSpot does not have (or only archived) is `null`, not a failure: "no such record" is
 * an answer the access decision uses. In a batch, an id the answer says nothing about is left out
 * and the caller treats it as "cannot tell", never as "no such record".
 */

export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string | null;
}

export const RECORDS_BATCH_READ_MAX = 100;

const ONE: Record<CrmObjectName, string> = { contacts: 'contact', companies: 'company', deals: 'deal', tickets: 'ticket' };

const Single = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  updatedAt: z.string().optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
});

const Batch = z.object({
  results: z.array(Single.extend({ id: z.union([z.string(), z.number()]).transform(idString) })),
  errors: z
    .array(z.object({ category: z.string().optional().catch(undefined), context: z.record(z.string(), z.array(z.string())).optional().catch(undefined) }))
    .optional()
    .catch(undefined),
});

const numeric = (id: string) => {
  // Ids go into a URL path: anything but digits would address another resource.
  if (!/^\d+$/.test(id)) throw new Error('record id must be numeric');
};

export async function readRecord(send: PortalSend, objectName: CrmObjectName, id: string, properties: readonly string[]): Promise<SendResult<CrmRecord | null>> {
  numeric(id);
  const res = await send({ method: 'GET', path: `/crm/v3/objects/${objectName}/${id}`, query: { properties: properties.join(','), archived: 'false' } });
  if (!res.ok) return failureKind(res) === 'not_found' ? ok(null) : res;
  const parsed = Single.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer(`the ${ONE[objectName]}`);
  // HubSpot answers the id it was asked for; anything else would be another record's data.
  if (parsed.data.id !== id || parsed.data.archived) return ok(null);
  return ok({ id: parsed.data.id, properties: parsed.data.properties, updatedAt: parsed.data.updatedAt ?? null });
}

export async function readRecordsBatch(
  send: PortalSend,
  objectName: CrmObjectName,
  ids: readonly string[],
  properties: readonly string[],
): Promise<SendResult<Map<string, CrmRecord | null>>> {
  if (ids.length === 0) return ok(new Map());
  if (ids.length > RECORDS_BATCH_READ_MAX) throw new Error(`at most ${RECORDS_BATCH_READ_MAX} ids per call`);
  ids.forEach(numeric);
  const wanted = new Set(ids);
  const res = await send({ method: 'POST', path: `/crm/v3/objects/${objectName}/batch/read`, query: { archived: 'false' }, json: { inputs: [...wanted].map((id) => ({ id })), properties: [...properties] } });
  if (!res.ok) return res;
  const parsed = Batch.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer(`the ${objectName}`);
  const out = new Map<string, CrmRecord | null>();
  for (const r of parsed.data.results) {
    // A record we did not ask for is ignored, never attributed to one we did.
    if (!wanted.has(r.id)) continue;
    const props = Object.fromEntries(properties.map((p) => [p, r.properties[p] ?? null]));
    out.set(r.id, r.archived ? null : { id: r.id, properties: props, updatedAt: r.updatedAt ?? null });
  }
  for (const e of parsed.data.errors ?? []) {
    // Only "not found" means the record is gone; any other per-id error stays unknown.
    if (e.category !== 'OBJECT_NOT_FOUND') continue;
    for (const id of e.context?.ids ?? []) if (wanted.has(id) && !out.has(id)) out.set(id, null);
  }
  return ok(out);
}
