import { ok } from '../../lib/contract/errors';
import type { HubSpotApp } from './app';
import { translateHubSpotError, type HubSpotResult } from './translate';

/**
 * The one place that sends HTTP to HubSpot outside the SDK (OAuth endpoints, and API paths
 * the SDK has no method for). Answers are returned raw for the caller's zod schema; any non-2xx
 * answer, timeout or network error comes back as a translated failure. The URL is never put
 * into an error or log: OAuth v1 paths carried tokens (`/oauth/v1/refresh-tokens/{token}`), and a URL can carry ids.
 */

export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the API base, starting with '/'. Callers encode path segments. */
  path: string;
  query?: Record<string, string | number | readonly (string | number)[] | undefined>;
  /** Sent form-encoded (OAuth token endpoints). */
  form?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  accessToken?: string;
  timeoutMs?: number;
}

export interface HubSpotResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export type Fetch = typeof fetch;

export async function hubspotHttp(app: HubSpotApp, req: HubSpotRequest, fetchImpl: Fetch = fetch): Promise<HubSpotResult<HubSpotResponse>> {
  const url = new URL(`${app.apiBase}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
    body = new URLSearchParams(req.form).toString();
  } else if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
  let res: Response;
  try {
    res = await fetchImpl(url, { method: req.method, headers, body, signal: AbortSignal.timeout(req.timeoutMs ?? app.timeoutMs), redirect: 'error' });
  } catch {
    // Timeouts and connection failures alike: HubSpot unreachable, worth retrying later.
    return translateHubSpotError(null, null);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (res.status < 200 || res.status >= 300) return translateHubSpotError(res.status, parsed, res.headers);
  return ok({ status: res.status, headers: res.headers, body: parsed });
}
