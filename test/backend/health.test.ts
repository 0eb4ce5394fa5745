import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpShell } from '../../backend/app';
import { parseConfig } from '../../backend/config';
import { createLogger } from '../../backend/logger';
import { CHROME_EXTENSION_ID } from '../../lib/contract/extension-identity';

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function start(checks = {}) {
  app = await buildHttpShell({ config: parseConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), checks });
  return app;
}

describe('health and error shape', () => {
  it('serves /healthz', async () => {
    const res = await (await start()).inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('reports readiness from its checks', async () => {
    const a = await start({ database: async () => ({ ok: false, message: 'down' }), keys: async () => ({ ok: true }) });
    const res = await a.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', checks: { database: { ok: false, message: 'down' }, keys: { ok: true } } });
  });

  it('answers unknown routes with the standard error shape', async () => {
    const res = await (await start()).inject('/nope?code=secret');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nope.' } });
  });

  it("grants CORS to Portside's extension origin only", async () => {
    const a = await start();
    const ours = `chrome-extension://${CHROME_EXTENSION_ID}`;
    const ext = await a.inject({ url: '/healthz', headers: { origin: ours } });
    expect(ext.headers['access-control-allow-origin']).toBe(ours);
    const page = await a.inject({ url: '/healthz', headers: { origin: 'https://app.hubspot.com' } });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });
});
