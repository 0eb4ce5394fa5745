import { ok } from '../../lib/contract/errors';
import type { HubSpotApp } from './app';
import { hubspotHttp, type Fetch } from './http';
import type { HubSpotResult } from './translate';

/**
 * `DELETE /appinstalls/v3/external-install` (HubSpot's "CRM app uninstalls v3"): removes the app
 * from the portal the access token belongs to (scope `oauth`); HubSpot answers 204 and emails the
 * portal that the developer uninstalled the app. Unlike a refresh token revoke, every token of the
 * install stops working, including access tokens already minted.
 * A 401 means the token is already dead (the app was uninstalled in HubSpot, or expired in the
 * meantime): reported as `alreadyGone` so a disconnect can finish.
 */
export async function uninstallApp(app: HubSpotApp, accessToken: string, deps: { fetch?: Fetch } = {}): Promise<HubSpotResult<{ alreadyGone: boolean }>> {
  const res = await hubspotHttp(app, { method: 'DELETE', path: '/appinstalls/v3/external-install', accessToken }, deps.fetch);
  if (res.ok) return ok({ alreadyGone: false });
  if (res.error.details.kind === 'invalid_token') return ok({ alreadyGone: true });
  return res;
}
