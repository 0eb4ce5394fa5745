import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '../../../backend/db/database';
import { call, createWorkspace, inviteAndAccept, startAccountsApp, type SignedIn, type TestApp } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { countingHandle } from '../helpers/query-count';

/**
 * Two backend instances on one database (each its own handle, as two processes would have). The
 * session memo spares instance B the session read, yet a sign-out or a disable made on instance A
 * is refused by B within a second, and once refused never answered again.
 */
describeEngines('session memo across two instances', (e) => {
  let a: TestApp;
  let b: TestApp;
  let bQueries: () => number;
  let admin: SignedIn;

  beforeAll(async () => {
    a = await startAccountsApp(e.db);
    const counted = countingHandle(createDatabase(e.db.env, { poolSize: 3 }));
    bQueries = counted.count;
    b = await startAccountsApp({ ...e.db, handle: counted.handle });
    admin = await createWorkspace(a.app);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function refusedWithinASecond(token: string): Promise<number> {
    const t0 = Date.now();
    for (;;) {
      const res = await call(b.app, 'GET', '/api/v1/me', { token });
      if (res.statusCode === 401) {
        expect(res.json().error.code).toBe('session_expired');
        break;
      }
      expect(res.statusCode, res.body).toBe(200);
      if (Date.now() - t0 > 1_000) throw new Error('instance B still accepts the session after 1 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = Date.now() - t0;
    // Once refused, the memo never answers for it again.
    for (let i = 0; i < 5; i++) expect((await call(b.app, 'GET', '/api/v1/me', { token })).statusCode).toBe(401);
    return elapsed;
  }

  it('B answers a known session from its memo, without reading the session again', async () => {
    const rep = await inviteAndAccept(a.app, admin.token);
    expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(200);
    // /me reads the member and workspace itself (2 statements); the session read (a third) is
    // what the memo saves. Five quick requests: at most a feed poll or two on top.
    const before = bQueries();
    for (let i = 0; i < 5; i++) expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(200);
    expect(bQueries() - before).toBeLessThanOrEqual(5 * 2 + 2);
  });

  it('a sign-out on A is refused by B within a second', async () => {
    const rep = await inviteAndAccept(a.app, admin.token);
    for (let i = 0; i < 3; i++) expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(200);
    expect((await call(a.app, 'POST', '/api/v1/auth/sign-out', { token: rep.token })).statusCode).toBe(204);
    expect(await refusedWithinASecond(rep.token)).toBeLessThan(1_000);
  });

  it("a member disabled on A is refused by B within a second, and the member's other sessions too", async () => {
    const rep = await inviteAndAccept(a.app, admin.token);
    for (let i = 0; i < 3; i++) expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(200);
    const off = await call(a.app, 'POST', `/api/v1/members/${rep.member.id}/disable`, { token: admin.token });
    expect(off.statusCode, off.body).toBe(200);
    expect(await refusedWithinASecond(rep.token)).toBeLessThan(1_000);
    // The admin's session, in the same workspace, still works on both.
    expect((await call(b.app, 'GET', '/api/v1/me', { token: admin.token })).statusCode).toBe(200);
  });

  it('on the instance that signed out, the very next request is refused', async () => {
    const rep = await inviteAndAccept(a.app, admin.token);
    for (let i = 0; i < 3; i++) expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(200);
    expect((await call(b.app, 'POST', '/api/v1/auth/sign-out', { token: rep.token })).statusCode).toBe(204);
    expect((await call(b.app, 'GET', '/api/v1/me', { token: rep.token })).statusCode).toBe(401);
  });
});
