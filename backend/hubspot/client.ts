import { Client } from '@hubspot/api-client';
import type { HubSpotApp } from './app';
import { translateHubSpotError, type HubSpotFailure } from './translate';

/**
 * The official SDK's Client for one portal's access token, pointed at the configured API base
 * (HubSpot's, a regional one, or the sandbox).
 *
 * No `numberOfApiCallRetries` and no `limiterOptions`: the SDK keeps its retry and Bottleneck
 * decorators in a process-wide singleton that every `new Client()` replaces, so per-portal
 * settings there would leak between portals. Retries and the per-portal rate budget belong to
 * Portside's own delivery code.
 */
export function createPortalSdkClient(app: HubSpotApp, accessToken: string): Client {
  return new Client({ accessToken, basePath: app.apiBase });
}

interface SdkErrorShape {
  code?: unknown;
  body?: unknown;
  headers?: unknown;
}

/**
 * Turns what an SDK call threw into a translated failure. The SDK throws ApiException
 * (`code`, `body`, `headers`) for HTTP errors; anything else (network, abort) is "unavailable".
 */
export function translateSdkError(err: unknown): HubSpotFailure {
  const e = (err ?? {}) as SdkErrorShape;
  if (typeof e.code === 'number' && e.code >= 100 && e.code < 600) {
    const headers = e.headers && typeof e.headers === 'object' ? (e.headers as Record<string, string>) : {};
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return translateHubSpotError(e.code, e.body, { get: (name) => lower[name.toLowerCase()] });
  }
  return translateHubSpotError(null, null);
}
