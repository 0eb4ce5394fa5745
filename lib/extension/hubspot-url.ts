import { HUBSPOT_ID_SOURCE, isHubSpotAppHost } from '../contract/hubspot-ids';
import { CRM_OBJECT_TYPE_IDS, CRM_OBJECTS, type CrmObjectTypeId } from '../contract/crm-objects';

export { isHubSpotAppHost };

/**
 * Parses HubSpot web-app URLs into the record they show. Pure and total: anything that is not
 * a contact, company, deal or ticket record page on a HubSpot app host gives `null`, so callers
 * can never act on a guess (lists, boards and reports live under /contacts/ too).
 */
export interface HubSpotRecordRef {
  /** The web host, e.g. app.hubspot.com or app-eu1.hubspot.com. */
  host: string;
  portalId: string;
  /** HubSpot's object type id: contacts 0-1, companies 0-2, deals 0-3, tickets 0-5. */
  objectTypeId: CrmObjectTypeId;
  recordId: string;
}

const ID = `(${HUBSPOT_ID_SOURCE})`;
const escape = (s: string) => s.replace(/[-.]/g, '\\$&');
// New style …/record/{typeId}/{id}; legacy …/{contact|company|deal|ticket}/{id}, which HubSpot
// still serves (it redirects them, but the first document load has the legacy URL).
const RECORD_PATH = new RegExp(`^/contacts/${ID}/record/(${CRM_OBJECT_TYPE_IDS.map(escape).join('|')})/${ID}/?$`);
const LEGACY_TYPE = new Map(CRM_OBJECT_TYPE_IDS.map((t) => [CRM_OBJECTS[t].singular as string, t]));
const LEGACY_PATH = new RegExp(`^/contacts/${ID}/(${[...LEGACY_TYPE.keys()].join('|')})/${ID}/?$`);

export function parseHubSpotRecordUrl(input: string | URL): HubSpotRecordRef | null {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  if (!isHubSpotAppHost(host)) return null;
  // HubSpot record pages may carry sub-tabs after the id (…/0-1/123/view/1); only the record part matters.
  const path = url.pathname.replace(/\/view\/\d+\/?$/, '');
  const current = RECORD_PATH.exec(path);
  if (current) return { host, portalId: current[1]!, objectTypeId: current[2] as CrmObjectTypeId, recordId: current[3]! };
  const legacy = LEGACY_PATH.exec(path);
  const type = legacy && LEGACY_TYPE.get(legacy[2]!);
  if (!legacy || !type) return null;
  return { host, portalId: legacy[1]!, objectTypeId: type, recordId: legacy[3]! };
}

/** The same record: contact 123 and deal 123 are different records. */
export function sameRecord(a: HubSpotRecordRef | null, b: HubSpotRecordRef | null): boolean {
  if (!a || !b) return a === b;
  return a.host === b.host && a.portalId === b.portalId && a.objectTypeId === b.objectTypeId && a.recordId === b.recordId;
}
