/** Build-time facts shared by the manifest and the extension code. */

/** Where the backend runs by default (`npm start`); admins may point the extension elsewhere. */
export const DEFAULT_BACKEND_URL: string = import.meta.env?.WXT_BACKEND_URL ?? 'http://localhost:8787';

/**
 * HubSpot's web app hosts: app.hubspot.com and the data-centre hosts app-{dc}.hubspot.com.
 * Match patterns cannot say "app-*", so the panel's pattern (its host access) is *.hubspot.com
 * contact paths; lib/extension/hubspot-url.ts, which decides where the panel is injected, is the final word.
 */
export const HUBSPOT_CONTACT_MATCHES = ['https://*.hubspot.com/contacts/*'];
