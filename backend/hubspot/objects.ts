import type { CrmObjectTypeId } from '../../lib/contract/crm-objects';

/**
 * What HubSpot calls each CRM object Portside works on: the API path name, the OAuth scopes that
 * let an app read or write it, and the properties holding a record's pipeline and stage.
 * Tickets have a single scope, `tickets`, for reading and writing (HubSpot's tickets spec lists
 * only that one); `crm.objects.tickets.*` appear in third-party code only and an unknown scope
 * would fail the whole authorize, so they are never listed here.
 */
export type CrmObjectName = 'contacts' | 'companies' | 'deals' | 'tickets';

export interface ObjectApi {
  /** The `{name}` of `/crm/v3/objects/{name}`. */
  name: CrmObjectName;
  /** Any one of these grants reading (a write scope implies read: HubSpot lets it read too). */
  readScopes: readonly string[];
  /** Any one of these grants writing. */
  writeScopes: readonly string[];
  pipelineProperty: string | null;
  stageProperty: string | null;
}

export const OBJECT_API: Record<CrmObjectTypeId, ObjectApi> = {
  '0-1': {
    name: 'contacts',
    readScopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
    writeScopes: ['crm.objects.contacts.write'],
    pipelineProperty: null,
    stageProperty: null,
  },
  '0-2': {
    name: 'companies',
    readScopes: ['crm.objects.companies.read', 'crm.objects.companies.write'],
    writeScopes: ['crm.objects.companies.write'],
    pipelineProperty: null,
    stageProperty: null,
  },
  '0-3': {
    name: 'deals',
    readScopes: ['crm.objects.deals.read', 'crm.objects.deals.write'],
    writeScopes: ['crm.objects.deals.write'],
    pipelineProperty: 'pipeline',
    stageProperty: 'dealstage',
  },
  '0-5': { name: 'tickets', readScopes: ['tickets'], writeScopes: ['tickets'], pipelineProperty: 'hs_pipeline', stageProperty: 'hs_pipeline_stage' },
};

/**
 * Whether the install's granted scopes let Portside read and write records of this object, and
 * which scope to ask for when not: the object's own read scope (or its only scope) for a missing
 * read, its write scope for a missing write.
 */
export function objectAvailability(granted: readonly string[], t: CrmObjectTypeId): { read: boolean; write: boolean; missingScopes: string[] } {
  const api = OBJECT_API[t];
  const has = new Set(granted);
  const read = api.readScopes.some((s) => has.has(s));
  const write = api.writeScopes.some((s) => has.has(s));
  const missing = new Set<string>();
  if (!read) missing.add(api.readScopes[0]!);
  if (!write) missing.add(api.writeScopes[0]!);
  return { read, write, missingScopes: [...missing] };
}
