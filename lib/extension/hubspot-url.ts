import { HUBSPOT_ID_SOURCE, isHubSpotAppHost } from '../contract/hubspot-ids';

export { isHubSpotAppHost };

/**
 * Parses HubSpot web-app URLs into the record they show. Pure and total: anything that is not
 * a contact record page on a HubSpot app host gives `null`, so callers can never act on a guess.
 */
export interface HubSpotRecordRef {
  /** The web host, e.g. app.hubspot.com or app-eu1.hubspot.com. */
  host: string;
  portalId: string;
  /** HubSpot's object type id; contacts are 0-1. */
  objectTypeId: '0-1';
  recordId: string;
}

const ID = `(${HUBSPOT_ID_SOURCE})`;
const RECORD_PATH = new RegExp(`^/contacts/${ID}/record/0-1/${ID}/?$`);
const LEGACY_PATH = new RegExp(`^/contacts/${ID}/contact/${ID}/?$`);

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
  const match = RECORD_PATH.exec(path) ?? LEGACY_PATH.exec(path);
  if (!match) return null;
  return { host, portalId: match[1]!, objectTypeId: '0-1', recordId: match[2]! };
}

export function sameRecord(a: HubSpotRecordRef | null, b: HubSpotRecordRef | null): boolean {
  if (!a || !b) return a === b;
  return a.host === b.host && a.portalId === b.portalId && a.recordId === b.recordId;
}
