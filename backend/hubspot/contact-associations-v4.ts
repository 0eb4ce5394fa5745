import { z } from 'zod';
import { ok } from '../../lib/errors';
import { idString, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /crm/v4/objects/contacts/{id}/associations/{toObjectType}` (the v3 per-object listing is
 * gone from HubSpot's specs and SDK): the ids of a contact's associated records, paged with
 * `after` (limit ≤ 500). The same id can come back once per association type, so ids are
 * deduplicated. Reading stops after `maxPages` so a paging bug cannot loop forever.
 */

export type AssociatedObjectType = 'notes' | 'tasks';

const Page = z.object({
  results: z.array(z.object({ toObjectId: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(idString) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional().catch(undefined),
});

export interface AssociatedIds {
  ids: string[];
  pages: number;
  /** True when `maxPages` ran out before HubSpot said there was no next page. */
  truncated: boolean;
}

export async function listContactAssociations(
  send: PortalSend,
  contactId: string,
  toType: AssociatedObjectType,
  opts: { limit?: number; maxPages?: number } = {},
): Promise<SendResult<AssociatedIds>> {
  if (!/^\d+$/.test(contactId)) throw new Error('contact id must be numeric');
  const ids = new Set<string>();
  const maxPages = opts.maxPages ?? 20;
  let after: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const res = await send({ method: 'GET', path: `/crm/v4/objects/contacts/${contactId}/associations/${toType}`, query: { limit: opts.limit ?? 500, after } });
    if (!res.ok) return res;
    const parsed = Page.safeParse(res.data.body);
    if (!parsed.success) return unreadableAnswer('the association list');
    for (const r of parsed.data.results) ids.add(r.toObjectId);
    after = parsed.data.paging?.next?.after;
    if (!after) return ok({ ids: [...ids], pages: page, truncated: false });
  }
  return ok({ ids: [...ids], pages: maxPages, truncated: true });
}
