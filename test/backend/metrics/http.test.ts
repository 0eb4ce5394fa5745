import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpShell } from '../../../backend/app';
import { parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';
import { httpDuration, httpRequests } from '../../../backend/metrics/registry';
import { scraped, valueOf } from './helpers';

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function start(env: Record<string, string> = {}) {
  app = await buildHttpShell({ config: parseConfig({ NODE_ENV: 'test', ...env }), logger: createLogger('silent') });
  app.get('/things/:id', async () => ({ ok: true }));
  return app;
}

describe('/metrics and the HTTP request metrics', () => {
  it('counts requests by route template, never by raw URL', async () => {
    const a = await start();
    const before = await valueOf(httpRequests, { route: '/things/:id', status: '200', method: 'GET' });
    await a.inject('/things/secret-id-1?code=abc');
    await a.inject('/things/secret-id-2');
    expect(await valueOf(httpRequests, { route: '/things/:id', status: '200', method: 'GET' })).toBe(before + 2);
    const res = await a.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('portside_http_request_duration_seconds_bucket');
    expect(scraped(res.body, 'portside_http_requests_total', { route: '/things/:id', status: '200' })).toBe(before + 2);
    expect(res.body).not.toContain('secret-id');
    expect(res.body).not.toContain('code=abc');
  });

  it('puts unknown paths under one "unmatched" label', async () => {
    const a = await start();
    const before = await valueOf(httpRequests, { route: 'unmatched', status: '404' });
    await a.inject('/wp-admin/x1');
    await a.inject('/wp-admin/x2');
    expect(await valueOf(httpRequests, { route: 'unmatched', status: '404' })).toBe(before + 2);
    const { values } = await httpDuration.get();
    expect(values.some((v) => String(v.labels.route).includes('wp-admin'))).toBe(false);
  });

  it('requires the METRICS_TOKEN bearer when one is configured', async () => {
    const token = 'm'.repeat(32);
    const a = await start({ METRICS_TOKEN: token });
    expect((await a.inject('/metrics')).statusCode).toBe(401);
    expect((await a.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await a.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('portside_http_requests_total');
  });

  it('refuses a METRICS_TOKEN too short to be secret', () => {
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16/);
  });
});

describe('request ids', () => {
  it('echoes a fresh id on every response', async () => {
    const a = await start();
    const one = await a.inject('/healthz');
    const two = await a.inject('/healthz');
    expect(one.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(one.headers['x-request-id']).not.toBe(two.headers['x-request-id']);
  });

  it("keeps a trusted proxy's X-Request-Id, and only a plain one", async () => {
    const a = await start({ TRUST_PROXY: '1' });
    const kept = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-1234abcd' } });
    expect(kept.headers['x-request-id']).toBe('proxy-1234abcd');
    const odd = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id"\\n{json}' } });
    expect(odd.headers['x-request-id']).not.toContain('bad');
  });

  it('ignores a client-chosen id without a trusted proxy', async () => {
    const a = await start();
    const res = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'client-chosen-1234' } });
    expect(res.headers['x-request-id']).not.toBe('client-chosen-1234');
  });
});
