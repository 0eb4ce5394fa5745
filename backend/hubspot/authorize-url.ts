import type { HubSpotApp } from './app';

/**
 * HubSpot's install (authorize) URL. Built here rather than with the SDK's
 * `getAuthorizationUrl`, which hard-codes app.hubspot.com: EU and other data centres need
 * their own host. `portalId` pins the install to one portal (`/oauth/{portalId}/authorize`),
 * which we use when reconnecting so the admin cannot pick another account by mistake.
 */
export function buildAuthorizeUrl(app: HubSpotApp, state: string, opts: { portalId?: string | null } = {}): string {
  const path = opts.portalId ? `/oauth/${encodeURIComponent(opts.portalId)}/authorize` : '/oauth/authorize';
  const url = new URL(`${app.authorizeBase}${path}`);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('scope', app.scopes.join(' '));
  if (app.optionalScopes.length > 0) url.searchParams.set('optional_scope', app.optionalScopes.join(' '));
  url.searchParams.set('state', state);
  return url.toString();
}
