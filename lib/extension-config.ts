/** Build-time facts shared by the manifest and the extension code. */

/** Where the backend runs by default (`npm start`); admins may point the extension elsewhere. */
export const DEFAULT_BACKEND_URL: string = import.meta.env?.WXT_BACKEND_URL ?? 'http://localhost:8787';

/**
 * HubSpot's web app hosts: app.hubspot.com and the data-centre hosts app-{dc}.hubspot.com.
 * Match patterns cannot say "app-*", so the content script matches *.hubspot.com contact paths
 * and these include-globs narrow it to the app hosts; lib/hubspot-url.ts is the final word.
 */
export const HUBSPOT_CONTACT_MATCHES = ['https://*.hubspot.com/contacts/*'];
export const HUBSPOT_CONTACT_INCLUDE_GLOBS = ['https://app.hubspot.com/contacts/*', 'https://app-*.hubspot.com/contacts/*'];
