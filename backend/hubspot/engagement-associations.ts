import type { CrmObjectTypeId } from '../../lib/contract/crm-objects';

/**
 * HubSpot's HUBSPOT_DEFINED association type ids from an engagement Portside creates (note, task,
 * call) to the record it is written on, per CRM object. Calls to companies (182), deals (206) and
 * tickets (220) are documented by HubSpot, but the sandbox does not know them, so Portside cannot
 * check it delivers them right: calls stay on contacts (KIND_OBJECTS in lib/contract/api/writes.ts).
 */
export type EngagementObjectName = 'notes' | 'tasks' | 'calls';

export const ENGAGEMENT_ASSOCIATIONS: Record<EngagementObjectName, Partial<Record<CrmObjectTypeId, number>>> = {
  notes: { '0-1': 202, '0-2': 190, '0-3': 214, '0-5': 228 },
  tasks: { '0-1': 204, '0-2': 192, '0-3': 216, '0-5': 230 },
  calls: { '0-1': 194 },
};
