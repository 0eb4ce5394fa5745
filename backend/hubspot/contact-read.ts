import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { failureKind, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * `GET /crm/v3/objects/contacts/{id}?properties=…` for the record view and the access check:
 * the named properties (unset ones as null). A contact HubSpot does not have (or archived) is
 * `null`, not a failure: "no such record" is an answer the access decision uses.
 */

const Contact = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  updatedAt: z.string().optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
});

export interface ContactRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string | null;
}

export async function readContact(send: PortalSend, contactId: string, properties: readonly string[]): Promise<SendResult<ContactRecord | null>> {
  if (!/^\d+$/.test(contactId)) throw new Error('contact id must be numeric');
  const res = await send({ method: 'GET', path: `/crm/v3/objects/contacts/${contactId}`, query: { properties: properties.join(','), archived: 'false' } });
  if (!res.ok) return failureKind(res) === 'not_found' ? ok(null) : res;
  const parsed = Contact.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer('the contact');
  // HubSpot answers the id it was asked for; anything else would be another record's data.
  if (parsed.data.id !== contactId || parsed.data.archived) return ok(null);
  return ok({ id: parsed.data.id, properties: parsed.data.properties, updatedAt: parsed.data.updatedAt ?? null });
}
