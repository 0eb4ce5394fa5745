import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { CrmObjectName } from './objects';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * An object type's property definitions, `GET /crm/v3/properties/{objectType}`, raw: the
 * settings and writes services read each definition with their own schema.
 */
const Answer = z.object({ results: z.array(z.unknown()) });

/** The CRM objects a panel edits, and tasks (whose type/priority/status options the task form offers). */
export type PropertyObjectType = CrmObjectName | 'tasks';

const SINGULAR: Record<PropertyObjectType, string> = { contacts: 'contact', companies: 'company', deals: 'deal', tickets: 'ticket', tasks: 'task' };

export async function listPropertyDefinitions(send: PortalSend, objectType: PropertyObjectType): Promise<SendResult<unknown[]>> {
  const res = await send({ method: 'GET', path: `/crm/v3/properties/${objectType}`, operation: `properties.${objectType}` });
  if (!res.ok) return res;
  const parsed = Answer.safeParse(res.data.body);
  return parsed.success ? ok(parsed.data.results) : unreadableAnswer(`the ${SINGULAR[objectType]} properties`);
}
