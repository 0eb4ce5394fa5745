import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SignInRequest } from '../../../lib/contract/api/accounts';
import { installErrorHandling } from '../../../backend/http/errors';
import { strictJsonBodies } from '../../../backend/http/json-body';
import { createLogger } from '../../../backend/logger';
import { mountRoutes, routeFor, type RouteTable } from '../../../backend/routes/v1/route';

/**
 * The route-schema plumbing on a bare app with one table: refusals keep the API's one error shape
 * (the body parseOr400 used to answer, byte for byte), and a 2xx answer goes through its response
 * schema — undeclared fields dropped, a broken answer a 500 that says nothing of the internals.
 */
let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

const Answer = z.object({ id: z.string(), count: z.number().int() });
type Deps = { answer: () => unknown };
const route = routeFor<Deps>();
const table: RouteTable<Deps> = {
  prefix: '/t',
  routes: [
    route({
      method: 'POST',
      url: '/items/:id',
      auth: 'public',
      schema: { params: z.strictObject({ id: z.uuid() }), querystring: z.strictObject({ n: z.coerce.number().int().optional() }), body: SignInRequest, response: { 200: Answer } },
      // Typed by the schemas: params.id a string, query.n a number, body.email the normalised email.
      handle: async (deps, req, reply) => reply.send(deps.answer() ?? { id: req.params.id, count: (req.query.n ?? 0) + req.body.email.length }),
    }),
  ],
};

async function start(answer: () => unknown = () => undefined) {
  const logs: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) });
  app = Fastify({ loggerInstance: createLogger('info', sink) as FastifyBaseLogger });
  installErrorHandling(app);
  strictJsonBodies(app);
  await mountRoutes(app, table, { answer });
  return { app, logs };
}

const ID = '0b9d3c52-6a4e-4f7e-9a51-1d2b7c1e0f00';
const post = (a: FastifyInstance, url: string, body: unknown) => a.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

describe('route schemas', () => {
  it('hands the handler parsed, typed input', async () => {
    const { app: a } = await start();
    const res = await post(a, `/t/items/${ID}?n=2`, { email: ' Ann@Example.TEST ', password: 'x' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: ID, count: 2 + 'ann@example.test'.length });
  });

  it('refuses a bad body with the one error shape, naming the paths and never the values', async () => {
    const { app: a } = await start();
    const res = await post(a, `/t/items/${ID}`, { email: 'not-an-email', password: 'hunter2-secret', extra: 1 });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'details']);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^Invalid request: (email|body) .+\.$/);
    expect(body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'email']);
    expect(res.body).not.toContain('hunter2-secret');
  });

  it('says "body" for an absent body and a dotted path for params and query, at most 10 issues', async () => {
    const { app: a } = await start();
    const none = await a.inject({ method: 'POST', url: `/t/items/${ID}` });
    expect(none.json()).toEqual({ error: { code: 'bad_request', message: 'Invalid request: body Invalid input: expected object, received undefined.', details: { issues: [{ path: '', message: 'Invalid input: expected object, received undefined' }] } } });
    const params = await post(a, '/t/items/nope', { email: 'a@b.test', password: 'x' });
    expect(params.json().error.details.issues).toEqual([{ path: 'id', message: expect.any(String) }]);
    const query = await post(a, `/t/items/${ID}?n=1.5`, { email: 'a@b.test', password: 'x' });
    expect(query.json().error.message).toMatch(/^Invalid request: n /);
    const many = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i]));
    const capped = await post(a, `/t/items/${ID}`, { ...many, email: 1, password: 2 });
    expect(capped.json().error.details.issues.length).toBeLessThanOrEqual(10);
  });

  it('drops fields the response schema does not declare', async () => {
    const { app: a } = await start(() => ({ id: 'x', count: 1, passwordHash: 'secret-hash', internal: { token: 't' } }));
    const res = await post(a, `/t/items/${ID}`, { email: 'a@b.test', password: 'x' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'x', count: 1 });
  });

  it('turns an answer that breaks its response schema into the generic 500, the details only in the log', async () => {
    const { app: a, logs } = await start(() => ({ id: 'x', count: 'not-a-number-secret' }));
    const res = await post(a, `/t/items/${ID}`, { email: 'a@b.test', password: 'x' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on the server. Try again; if it keeps happening, tell your admin.' } });
    expect(res.body).not.toContain('not-a-number-secret');
    expect(logs.join('')).toContain('request.failed');
  });

  it('records what every route declared, for the suites that check no served route lacks a schema', async () => {
    const { app: a } = await start();
    const declared = a.declaredRoutes.find((r) => r.method === 'POST' && r.url === '/t/items/:id');
    expect(declared?.schema?.response?.[200]).toBe(Answer);
  });
});
