import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../../lib/errors';
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
 * Runs on SQLite through app.inject for speed; transport.test.ts sends the byte-level cases over
 * a real socket. Set PORTSIDE_FUZZ_RUNS=20000 for a nightly-size run.
 */
const RUNS = Number(process.env.PORTSIDE_FUZZ_RUNS ?? 1_000);

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

  it('has a fuzz spec for every route the app serves (a new route needs one)', () => {
    const missing = s.routes.map(routeId).filter((id) => !FUZZ_SPECS[id]);
    expect(missing, 'add these to test/backend/hostile/fuzz/specs.ts').toEqual([]);
    expect(s.routes.length).toBeGreaterThan(20);
  });

  // One test per route, generated from the specs; a spec whose route is not served is reported, not run.
  for (const [id, spec] of Object.entries(FUZZ_SPECS)) {
    const [method, url] = id.split(' ') as [string, string];
    it(`${id}: ${RUNS} hostile requests, each a clean 4xx that changes nothing`, async (ctx) => {
      if (!s.routes.some((r) => routeId(r) === id)) {
        ctx.annotate(`not served by this build (not wired yet): ${id}`);
        return;
      }
      const before = await read();
      await fc.assert(
        fc.asyncProperty(casesFor({ method, url }, spec, a), async (c: FuzzCase) => {
          const res = await s.app.inject({ method: c.method as never, url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
          const what = `${c.surface}: ${c.method} ${c.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          if (c.expect === 'unauthenticated') expect(res.statusCode, what).toBe(401);
          else if (c.expect === 'refused') expect(res.statusCode >= 400 && res.statusCode < 500, what).toBe(true);
          else expect(res.statusCode < 500, what).toBe(true);
          if (res.statusCode >= 400) expect(ApiErrorBody.safeParse(res.json()).success, what).toBe(true);
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
