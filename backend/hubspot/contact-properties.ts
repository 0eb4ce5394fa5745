import { z } from 'zod';
import { ok } from '../../lib/errors';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The portal's contact property definitions, `GET /crm/v3/properties/contacts`, raw: the
 * settings service reads each definition with its own schema (services/settings).
 */
const Answer = z.object({ results: z.array(z.unknown()) });

export async function listContactPropertyDefinitions(send: PortalSend): Promise<SendResult<unknown[]>> {
  const res = await send({ method: 'GET', path: '/crm/v3/properties/contacts', operation: 'properties.contacts' });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  return parsed.success ? ok(parsed.data.results) : unreadableAnswer('the contact properties');
}
