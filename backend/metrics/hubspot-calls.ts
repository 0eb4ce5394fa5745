import dc from 'node:diagnostics_channel';
import { hubspotCalls, hubspotRateLimited } from './registry';

/**
 * Counts every HTTP request this process sends to HubSpot with `fetch`, without touching the
 * code that sends them: Node's fetch (undici) publishes each request and its response headers
 * on diagnostics channels, and we keep those whose origin is the HubSpot API base.
 *
 * The label is an endpoint *group* derived from the path: OAuth paths carry tokens
 * (v1's `/oauth/v1/refresh-tokens/{token}`), and CRM paths carry ids, so only known OAuth groups and
 * digit-free lowercase words survive; every other segment becomes `:id`. Query strings are dropped.
 */

interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
}

const WORD = /^(?:[a-z][a-z_-]{0,40}|v\d{1,2})$/;
const OAUTH: Record<string, string> = {
  token: 'oauth.token',
  'token/introspect': 'oauth.introspect',
  'token/revoke': 'oauth.revoke',
  'access-tokens': 'oauth.access_token_info',
  'refresh-tokens': 'oauth.refresh_token',
};

export function endpointGroup(method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  // `/oauth/{version}/…`: the current API's paths end in fixed words; v1's carry a token after them.
  if (segments[0] === 'oauth') return `${method} ${OAUTH[segments.slice(2, 4).join('/')] ?? OAUTH[segments[2] ?? ''] ?? 'oauth.other'}`;
  const kept = segments.slice(0, 6).map((s) => (WORD.test(s) ? s : ':id'));
  return `${method} /${kept.join('/')}`;
}

const origin = (o: string | URL | undefined) => (o === undefined ? '' : String(o).replace(/\/+$/, ''));

/** Starts counting calls to `apiBase` (e.g. https://api.hubapi.com); returns the stop function. */
export function watchHubSpotCalls(apiBase: string): () => void {
  const base = new URL(apiBase).origin;
  const pending = new WeakMap<object, string>();
  const onCreate = (m: unknown) => {
    const req = (m as { request: UndiciRequest }).request;
    if (origin(req.origin) !== base) return;
    pending.set(req, endpointGroup(req.method ?? 'GET', req.path ?? '/'));
  };
  const onHeaders = (m: unknown) => {
    const { request, response } = m as { request: UndiciRequest; response: { statusCode: number } };
    const endpoint = pending.get(request);
    if (!endpoint) return;
    pending.delete(request);
    hubspotCalls.inc({ endpoint, status: String(response.statusCode) });
    if (response.statusCode === 429) hubspotRateLimited.inc({ endpoint });
  };
  const onError = (m: unknown) => {
    const request = (m as { request: UndiciRequest }).request;
    const endpoint = pending.get(request);
    if (!endpoint) return;
    pending.delete(request);
    hubspotCalls.inc({ endpoint, status: 'error' });
  };
  dc.subscribe('undici:request:create', onCreate);
  dc.subscribe('undici:request:headers', onHeaders);
  dc.subscribe('undici:request:error', onError);
  return () => {
    dc.unsubscribe('undici:request:create', onCreate);
    dc.unsubscribe('undici:request:headers', onHeaders);
    dc.unsubscribe('undici:request:error', onError);
  };
}
