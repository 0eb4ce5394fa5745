import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointGroup, watchHubSpotCalls } from '../../../backend/metrics/hubspot-calls';
import { metrics } from '../../../backend/metrics/recorder';
import { deliveries, hubspotCalls, hubspotRateLimited, tokenRefreshes } from '../../../backend/metrics/registry';
import { valueOf } from './helpers';

/** A fake HubSpot answering 429 on /crm/v3/objects/contacts/batch/update and 200 elsewhere. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url?.includes('batch/update') ? 429 : 200;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('HubSpot call metrics', () => {
  it('groups endpoints without ids, tokens or query strings', () => {
    expect(endpointGroup('POST', '/oauth/v1/token')).toBe('POST oauth.token');
    expect(endpointGroup('POST', '/oauth/2026-03/token')).toBe('POST oauth.token');
    expect(endpointGroup('POST', '/oauth/2026-03/token/introspect')).toBe('POST oauth.introspect');
    expect(endpointGroup('POST', '/oauth/2026-03/token/revoke')).toBe('POST oauth.revoke');
    expect(endpointGroup('GET', '/oauth/v1/refresh-tokens/na1-6b2f-41c3-9d8e-0123456789ab')).toBe('GET oauth.refresh_token');
    expect(endpointGroup('GET', '/oauth/v1/access-tokens/CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4')).toBe('GET oauth.access_token_info');
    expect(endpointGroup('GET', '/crm/v3/objects/contacts/12345?properties=email')).toBe('GET /crm/v3/objects/contacts/:id');
    expect(endpointGroup('PUT', '/crm/v4/objects/notes/987/associations/contacts/55')).toBe('PUT /crm/v4/objects/notes/:id/associations');
  });

  it('counts fetch calls to the HubSpot base by status, and 429s, ignoring other hosts', async () => {
    const stop = watchHubSpotCalls(base);
    try {
      const update = { endpoint: 'POST /crm/v3/objects/contacts/batch/update', status: '429' };
      const read = { endpoint: 'GET /crm/v3/objects/contacts/:id', status: '200' };
      const [u0, r0, l0] = [await valueOf(hubspotCalls, update), await valueOf(hubspotCalls, read), await valueOf(hubspotRateLimited, { endpoint: update.endpoint })];
      await fetch(`${base}/crm/v3/objects/contacts/batch/update`, { method: 'POST', body: '{}' }).then((r) => r.text());
      await fetch(`${base}/crm/v3/objects/contacts/42`).then((r) => r.text());
      await fetch(`${base.replace('127.0.0.1', 'localhost')}/crm/v3/objects/contacts/43`).then((r) => r.text());
      expect(await valueOf(hubspotCalls, update)).toBe(u0 + 1);
      expect(await valueOf(hubspotCalls, read)).toBe(r0 + 1);
      expect(await valueOf(hubspotRateLimited, { endpoint: update.endpoint })).toBe(l0 + 1);
    } finally {
      stop();
    }
  });

  it('offers a recorder for events other services count', async () => {
    const d0 = await valueOf(deliveries, { kind: 'note', result: 'done' });
    const t0 = await valueOf(tokenRefreshes, { result: 'ok' });
    metrics.delivery('note', 'done', 3);
    metrics.tokenRefresh('ok');
    expect(await valueOf(deliveries, { kind: 'note', result: 'done' })).toBe(d0 + 3);
    expect(await valueOf(tokenRefreshes, { result: 'ok' })).toBe(t0 + 1);
  });
});
