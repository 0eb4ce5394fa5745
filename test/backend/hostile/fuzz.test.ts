import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/engines';
import { casesFor, type FuzzCase } from './fuzz/cases';
import { FUZZ_SPECS } from './fuzz/specs';
import { routeId } from './routes';
import { footprintReader, startHostileStack, type Footprint, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';

/**
 * Property-based fuzzing of every route the backend serves. For each route, PORTSIDE_FUZZ_RUNS
 * (default 1,000) generated requests that break the contract — wrong types, missing and extra
 * fields, huge strings and arrays, deep nesting, bytes that are not JSON, wrong media types,
 * path tricks in ids, junk sessions — and for every one of them:
 *   - the answer is a 4xx (exactly 401 for a bad session) with the standard error shape;
 *   - no database table gained or lost a row;
 *   - HubSpot (the sandbox) saw no request.
 * The app is the production wiring (stack.ts: the real install service over the sandbox, every
 * route buildApp serves), so the install API and the install browser pages are fuzzed too.
 * Runs on SQLite through app.inject; transport.test.ts sends the byte-level cases over a real
 * socket. SQLite only, on purpose: every case is refused at the boundary (schema, media type,
 * session) before any SQL runs, so the engine is not what is under test, and the access matrix
 * (access-matrix.test.ts) exercises the same routes' SQL on both engines. Doubling ~40,000
 * requests for PostgreSQL would double the suite's longest file for no new path.
 * Set PORTSIDE_FUZZ_RUNS=20000 for a nightly-size run.
 */
const RUNS = Number(process.env.PORTSIDE_FUZZ_RUNS ?? 1_000);

/** The served routes that answer something other than a JSON body, and so declare no response schema. */
const NO_SCHEMA: Record<string, string> = {
  'GET /metrics': 'Prometheus text exposition, behind its own token check (metrics/plugin.ts)',
  'GET /api/v1/audit/export': 'a CSV / JSON-lines stream, which no serializer sees; its query is declared',
  'GET /install/start': 'an HTML page that answers every refusal with its own result page',
  'POST /install/start': 'an HTML form post, answered with a result page or a redirect',
  'GET /install/callback': "HubSpot's redirect back, answered with an HTML result page",
};

describe('every route refuses hostile input without side effects [sqlite]', () => {
  let db: TestDatabase;
  let s: HostileStack;
  let a: Tenant;
  let read: () => Promise<Footprint>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    s = await startHostileStack(db, { logLevel: 'warn' });
    ({ a } = await seedTenants(s, db));
    read = await footprintReader(db, s.sandbox);
  });
  afterAll(async () => {
    await s?.close();
    await db?.destroy();
  });

  it('has a fuzz spec for every route the app serves, and serves every route that has a spec', () => {
    const served = s.routes.map(routeId);
    expect(served.filter((id) => !FUZZ_SPECS[id]), 'add these to test/backend/hostile/fuzz/specs.ts').toEqual([]);
    expect(Object.keys(FUZZ_SPECS).filter((id) => !served.includes(id)), 'specs for routes the production wiring does not serve').toEqual([]);
  });

  it('serves no route without its zod schemas: the input it reads and the body of each 2xx answer', () => {
    const declared = new Map(s.app.declaredRoutes.map((r) => [routeId(r), r.schema]));
    const missing = s.routes.map(routeId).filter((id) => {
      const schema = declared.get(id);
      const has2xx = Object.keys(schema?.response ?? {}).some((status) => /^2\d\d$/.test(status));
      return NO_SCHEMA[id] ? schema !== undefined && schema !== null && has2xx : !has2xx;
    });
    expect(missing, 'declare schema.response (and the input parts) on these routes, or say in NO_SCHEMA why none applies').toEqual([]);
  });

  // One test per route, generated from the specs. A spec for a route that is not served fails here too.
  for (const [id, spec] of Object.entries(FUZZ_SPECS)) {
    const [method, url] = id.split(' ') as [string, string];
    it(`${id}: ${RUNS} hostile requests, each a clean 4xx that changes nothing`, async () => {
      expect(s.routes.map(routeId), `${id} is not served by the production wiring`).toContain(id);
      const before = await read();
      await fc.assert(
        fc.asyncProperty(casesFor({ method, url }, spec, a), async (c: FuzzCase) => {
          const res = await s.app.inject({ method: c.method as never, url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
          const what = `${c.surface}: ${c.method} ${c.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          if (c.expect === 'unauthenticated') expect(res.statusCode, what).toBe(401);
          else if (c.expect === 'refused') expect(res.statusCode >= 400 && res.statusCode < 500, what).toBe(true);
          else expect(res.statusCode < 500, what).toBe(true);
          // Browser pages answer with the result page; everything else (and framework errors on any route) with the API's error shape.
          if (res.statusCode >= 400 && !(spec.page && String(res.headers['content-type']).startsWith('text/html'))) expect(ApiErrorBody.safeParse(res.json()).success, what).toBe(true);
          expect(await read(), `${what}\nsomething changed`).toEqual(before);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }

  it('is still up and logged no server error after all of it', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(s.logs.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  });
});
