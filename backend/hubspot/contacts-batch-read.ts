import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { ContactRecord } from './contact-read';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `POST /crm/v3/objects/contacts/batch/read` (at most 100 ids): the named properties of many
 * contacts in one call, for the write path's access checks. HubSpot answers 200, or 207 with the
 * ids it does not have under `errors` (category OBJECT_NOT_FOUND, `context.ids`).
 *
 * Per id: the record, `null` when HubSpot says it has no such (or only an archived) contact, and
 * absent when the answer says nothing about it — the caller treats that as "cannot tell", never
 * as "no such contact".
 */

export const CONTACTS_BATCH_READ_MAX = 100;

const Record_ = z.object({
  id: z.union([z.string(), z.number()]).transform(idString),
  properties: z.record(z.string(), z.string().nullable()),
  updatedAt: z.string().optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
});

const Answer = z.object({
  results: z.array(Record_),
  errors: z
    .array(
      z.object({
        category: z.string().optional().catch(undefined),
        context: z.record(z.string(), z.array(z.string())).optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
});

export async function readContactsBatch(send: PortalSend, contactIds: readonly string[], properties: readonly string[]): Promise<SendResult<Map<string, ContactRecord | null>>> {
  if (contactIds.length === 0) return ok(new Map());
  if (contactIds.length > CONTACTS_BATCH_READ_MAX) throw new Error(`at most ${CONTACTS_BATCH_READ_MAX} ids per call`);
  for (const id of contactIds) if (!/^\d+$/.test(id)) throw new Error('contact id must be numeric');
  const wanted = new Set(contactIds);
  const res = await send({ method: 'POST', path: '/crm/v3/objects/contacts/batch/read', query: { archived: 'false' }, json: { inputs: [...wanted].map((id) => ({ id })), properties: [...properties] } });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the contacts');
  const out = new Map<string, ContactRecord | null>();
  for (const r of parsed.data.results) {
    // A record we did not ask for is ignored, never attributed to one we did.
    if (!wanted.has(r.id)) continue;
    const properties_ = Object.fromEntries(properties.map((p) => [p, r.properties[p] ?? null]));
    out.set(r.id, r.archived ? null : { id: r.id, properties: properties_, updatedAt: r.updatedAt ?? null });
  }
  for (const e of parsed.data.errors ?? []) {
    // Only "not found" means the contact is gone; any other per-id error stays unknown.
    if (e.category !== 'OBJECT_NOT_FOUND') continue;
    for (const id of e.context?.ids ?? []) if (wanted.has(id) && !out.has(id)) out.set(id, null);
  }
  return ok(out);
}
