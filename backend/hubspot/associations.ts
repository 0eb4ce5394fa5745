import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { answered, type Answered } from './answered';
import type { CrmObjectName } from './objects';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * A record's associated objects of one type (notes, tasks…): `GET /crm/v4/objects/{object}/{id}/associations/{type}`
 * (the v3 per-object association list is gone from HubSpot's specs and SDK). Read to the end of
 * its paging (`after`, 500 per page, HubSpot's maximum) or `max` ids; consistent, unlike search,
 * whose index lags behind creates. A pair linked by several association types (a label besides
 * the default) is listed once per type in some answers, so ids are deduplicated.
 */

const PAGE_LIMIT = 500;
const MAX_PAGES = 100;

const Page = z.object({
  results: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(idString) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional().catch(undefined),
});

export const listContactAssociations = (send: PortalSend, contactId: string, toType: string, max: number) => listRecordAssociations(send, 'contacts', contactId, toType, max);

export async function listRecordAssociations(send: PortalSend, objectName: CrmObjectName, recordId: string, toType: string, max: number): Promise<SendResult<Answered<string[]>>> {
  if (!/^\d+$/.test(recordId)) throw new Error('record id must be numeric');
  if (!/^[a-z]{1,20}$/.test(objectName)) throw new Error('object name must be a plain name');
  if (!/^[a-z_]{1,40}$/.test(toType)) throw new Error('object type must be a plain name');
  const ids = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await send({ method: 'GET', path: `/crm/v4/objects/${objectName}/${recordId}/associations/${toType}`, query: { limit: PAGE_LIMIT, after }, operation: `${objectName}.associations.${toType}` });
    if (!res.ok) return res;
    const parsed = Page.safeParse(res.data.body);
    if (!parsed.success) return unreadableAnswer('the association list');
    for (const r of parsed.data.results) ids.add(r.toObjectId);
    after = parsed.data.paging?.next?.after;
    if (!after || ids.size >= max) return ok(answered(res.data, [...ids]));
  }
  return unreadableAnswer('the association list (too many pages)');
}
