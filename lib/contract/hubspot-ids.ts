/**
 * The one pattern for HubSpot ids and web-app hosts, shared by the URL parser (content script),
 * the message protocol, drafts and the API contract (backend). Part of the contract and free of
 * zod, so the content script can use it. HubSpot ids (portal, record, user) are positive integers;
 * the length cap keeps absurd values from ever reaching the backend.
 */
export const HUBSPOT_ID_SOURCE = '[1-9]\\d{0,17}';
export const HUBSPOT_ID = new RegExp(`^${HUBSPOT_ID_SOURCE}$`);

/** app.hubspot.com, or a data-centre host app-{dc}.hubspot.com (eu1, na2, na3, ap1, ...). */
export const HUBSPOT_APP_HOST = /^app(?:-[a-z]{2}\d{1,2})?\.hubspot\.com$/;

export const isHubSpotId = (s: string): boolean => HUBSPOT_ID.test(s);
export const isHubSpotAppHost = (host: string): boolean => HUBSPOT_APP_HOST.test(host);
