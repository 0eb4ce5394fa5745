import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /crm/v3/objects/contacts?limit=1`: the id of one live contact, so a check can exercise
 * the per-record reads on a record that exists without being told one. Only the id is kept.
 */

const Page = z.object({ results: z.array(z.object({ id: z.string().regex(/^\d+$/) })) });

export async function sampleContactId(send: PortalSend): Promise<SendResult<string | null>> {
  const res = await send({ method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: 1, archived: 'false', properties: 'hs_object_id' } });
  if (!res.ok) return res;
  const parsed = Page.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the contact list');
  return ok(parsed.data.results[0]?.id ?? null);
}
