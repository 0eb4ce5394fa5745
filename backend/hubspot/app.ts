import { normaliseScopes } from './scopes';

/**
 * The HubSpot app Portside talks as, resolved once at start: real credentials from
 * configuration, or the embedded sandbox's app when none are configured. Everything in
 * backend/hubspot takes this object, so the sandbox and HubSpot differ only in these values.
 * `clientSecret` is here and nowhere else; never log or serialise this object.
 */
export interface HubSpotApp {
  mode: 'hubspot' | 'sandbox';
  clientId: string;
  clientSecret: string;
  appId: number | null;
  redirectUri: string;
  /** e.g. https://api.hubapi.com (no trailing slash). */
  apiBase: string;
  /** e.g. https://app.hubspot.com or https://app-eu1.hubspot.com (no trailing slash). */
  authorizeBase: string;
  scopes: string[];
  optionalScopes: string[];
  /** Per-request timeout for HubSpot calls. */
  timeoutMs: number;
}

export interface HubSpotAppConfig {
  publicUrl: string;
  HUBSPOT_CLIENT_ID?: string | undefined;
  HUBSPOT_CLIENT_SECRET?: string | undefined;
  HUBSPOT_APP_ID?: number | undefined;
  HUBSPOT_REDIRECT_URI?: string | undefined;
  HUBSPOT_API_BASE: string;
  HUBSPOT_AUTHORIZE_BASE: string;
  HUBSPOT_SCOPES: string;
  HUBSPOT_OPTIONAL_SCOPES: string;
}

/** The sandbox app as the wiring passes it in (backend/sandbox's SANDBOX_APP and its URL). */
export interface SandboxAppRef extends SandboxApp {
  url: string;
}

/** The sandbox's app registration; passed in by development entries, never imported by production code. */
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  appId: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const CALLBACK_PATH = '/install/callback';

/** True when the configuration names a real HubSpot app; otherwise the sandbox must be used. */
export function hasHubSpotCredentials(config: HubSpotAppConfig): boolean {
  return Boolean(config.HUBSPOT_CLIENT_ID && config.HUBSPOT_CLIENT_SECRET);
}

export function hubspotAppFromConfig(config: HubSpotAppConfig, sandbox?: SandboxAppRef): HubSpotApp {
  const common = {
    redirectUri: config.HUBSPOT_REDIRECT_URI ?? `${config.publicUrl}${CALLBACK_PATH}`,
    scopes: normaliseScopes(config.HUBSPOT_SCOPES),
    optionalScopes: normaliseScopes(config.HUBSPOT_OPTIONAL_SCOPES),
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
  if (hasHubSpotCredentials(config)) {
    return {
      ...common,
      mode: 'hubspot',
      clientId: config.HUBSPOT_CLIENT_ID!,
      clientSecret: config.HUBSPOT_CLIENT_SECRET!,
      appId: config.HUBSPOT_APP_ID ?? null,
      apiBase: config.HUBSPOT_API_BASE,
      authorizeBase: config.HUBSPOT_AUTHORIZE_BASE,
    };
  }
  if (!sandbox) throw new Error('No HubSpot app credentials are configured and no sandbox was given');
  const url = sandbox.url.replace(/\/+$/, '');
  return { ...common, mode: 'sandbox', clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, appId: sandbox.appId, apiBase: url, authorizeBase: url };
}
