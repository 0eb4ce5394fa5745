import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { CrmObjectName } from './objects';
import { failureKind, unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The options of one enumeration property, `GET /crm/v3/properties/{objectType}/{propertyName}`:
 * what a stored value (a company's `industry`, a ticket's `hs_ticket_priority`) is called in the
 * portal. Portals add their own options (a ticket priority "URGENT"), so labels come from here,
 * never from a fixed list. One property rather than the object's whole list: a company has
 * hundreds of properties and the view needs one. A property the portal does not have is no
 * options (HubSpot answers 404), not a failure.
 */
const Property = z.object({
  name: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string().default(''), hidden: z.boolean().optional() })).default([]),
});

export interface PropertyOption {
  value: string;
  label: string;
}

export async function readPropertyOptions(send: PortalSend, object: CrmObjectName, property: string): Promise<SendResult<PropertyOption[]>> {
  if (!/^[a-z0-9_]+$/.test(property)) throw new Error('property name must be a HubSpot internal name');
  const res = await send({ method: 'GET', path: `/crm/v3/properties/${object}/${property}`, operation: `properties.${object}.one` });
  if (!res.ok) return failureKind(res) === 'not_found' ? ok([]) : res;
  const parsed = Property.safeParse(res.data.body);
  if (!parsed.success || parsed.data.name !== property) return unreadableAnswer(`the property ${property} of ${object}`);
  // Hidden options are still a record's value and still have their label.
  return ok(parsed.data.options.map((o) => ({ value: o.value, label: o.label || o.value })));
}
