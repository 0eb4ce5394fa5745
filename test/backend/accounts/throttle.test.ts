import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../helpers/engines';
import { createWorkspace, signIn, startAccountsApp, uniqueEmail, type TestApp } from '../helpers/accounts-app';

const MIN = 60_000;
let ipSeq = 1;
/** A fresh address per test so the per-address counter of one test does not leak into another. */
const freshIp = () => `198.51.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

describeEngines('sign-in throttle', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
  });
  afterAll(async () => t.close());

  const fail = (email: string, ip: string) => signIn(t.app, email, 'wrong password guess', { ip });

  it('10 failures lock the (account, address) pair; blocked attempts never reach the KDF and say when to retry', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await fail(ws.email, ip)).statusCode).toBe(401);
    const calls = t.kdfCalls();
    for (let i = 0; i < 20; i++) {
      const res = await fail(ws.email, ip);
      expect(res.statusCode).toBe(429);
      expect(res.json().error).toMatchObject({ code: 'too_many_attempts', details: { retryAfterSeconds: 60 } });
      expect(res.headers['retry-after']).toBe('60');
    }
    // Even the right password waits: the lock is on trying, not on being wrong.
    expect((await signIn(t.app, ws.email, ws.password, { ip })).statusCode).toBe(429);
    expect(t.kdfCalls()).toBe(calls);
    // Another address is not affected, and the real user there signs in.
    expect((await signIn(t.app, ws.email, ws.password, { ip: freshIp() })).statusCode).toBe(200);
    // The cool-down ends.
    t.clock.advance(MIN + 1);
    expect((await signIn(t.app, ws.email, ws.password, { ip })).statusCode).toBe(200);
  });

  it('a concurrent burst cannot outrun the counter: at most 10 guesses reach the KDF', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    const before = t.kdfCalls();
    const results = await Promise.all(Array.from({ length: 40 }, () => fail(ws.email, ip)));
    expect(t.kdfCalls() - before).toBeLessThanOrEqual(10);
    const codes = results.map((r) => r.statusCode);
    // Of the 10 the throttle lets through, some may be told "busy" (503) when the KDF queue is full.
    expect(codes.filter((c) => c === 401 || c === 503).length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(30);
    expect(codes.every((c) => c === 401 || c === 429 || c === 503)).toBe(true);
  });

  it('an office behind one address can sign in many people: successes do not use up the address', async () => {
    const ip = freshIp();
    const ws = await createWorkspace(t.app);
    for (let i = 0; i < 120; i++) expect((await signIn(t.app, ws.email, ws.password, { ip })).statusCode).toBe(200);
  });

  it('repeat lockouts grow, but are capped at 15 minutes', async () => {
    const email = uniqueEmail('esc');
    const ip = freshIp();
    const retries: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) await fail(email, ip);
      const res = await fail(email, ip);
      expect(res.statusCode).toBe(429);
      const retry = res.json().error.details.retryAfterSeconds as number;
      retries.push(retry);
      t.clock.advance(retry * 1000 + 1);
    }
    expect(retries).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it('a successful sign-in resets the account counter', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    for (let i = 0; i < 9; i++) await fail(ws.email, ip);
    expect((await signIn(t.app, ws.email, ws.password, { ip })).statusCode).toBe(200);
    for (let i = 0; i < 9; i++) expect((await fail(ws.email, ip)).statusCode).toBe(401);
    expect((await fail(ws.email, ip)).statusCode).toBe(401); // the 10th failure locks …
    expect((await fail(ws.email, ip)).statusCode).toBe(429); // … from the next attempt on
  });

  it('failures spread over more than the window do not add up', async () => {
    const email = uniqueEmail('slow');
    const ip = freshIp();
    for (let i = 0; i < 30; i++) {
      expect((await fail(email, ip)).statusCode).toBe(401);
      t.clock.advance(2 * MIN); // 7–8 per 15 minutes
    }
  });

  it('unknown emails are throttled exactly like known ones', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    const unknown = uniqueEmail('ghost');
    const answers: Array<[number, string]> = [];
    for (const email of [ws.email, unknown]) {
      for (let i = 0; i < 11; i++) {
        const res = await fail(email, ip);
        answers.push([res.statusCode, JSON.stringify(res.json())]);
      }
    }
    expect(answers.slice(0, 11)).toEqual(answers.slice(11));
  });

  it('a distributed attack gives the account only a short cool-down, and never at the owner’s usual address', async () => {
    const ws = await createWorkspace(t.app);
    const home = freshIp();
    expect((await signIn(t.app, ws.email, ws.password, { ip: home })).statusCode).toBe(200);
    // 50 failures from 10 addresses, 5 each (below the per-pair limit).
    for (let a = 0; a < 10; a++) {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) expect((await fail(ws.email, ip)).statusCode).toBe(401);
    }
    const attacker = await fail(ws.email, freshIp());
    expect(attacker.statusCode).toBe(429);
    expect(attacker.json().error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The owner, from an address that signed in before, is not held up.
    expect((await signIn(t.app, ws.email, ws.password, { ip: home })).statusCode).toBe(200);
    // A new address waits at most a minute.
    const newcomer = freshIp();
    expect((await signIn(t.app, ws.email, ws.password, { ip: newcomer })).statusCode).toBe(429);
    t.clock.advance(MIN + 1);
    expect((await signIn(t.app, ws.email, ws.password, { ip: newcomer })).statusCode).toBe(200);
  });

  it('one address spraying many accounts is locked out as an address', async () => {
    const ip = freshIp();
    let blockedAt = -1;
    for (let i = 0; i < 120; i++) {
      const res = await fail(uniqueEmail('spray'), ip);
      if (res.statusCode === 429) {
        blockedAt = i;
        break;
      }
    }
    expect(blockedAt).toBe(100);
    // Other addresses are not affected.
    const ws = await createWorkspace(t.app);
    expect((await signIn(t.app, ws.email, ws.password, { ip: freshIp() })).statusCode).toBe(200);
  });

  it('an IPv6 attacker cannot dodge the address limit by rotating within a /64', async () => {
    const email = uniqueEmail('v6');
    for (let i = 0; i < 10; i++) expect((await fail(email, `2001:db8:77:1::${(i + 1).toString(16)}`)).statusCode).toBe(401);
    expect((await fail(email, '2001:db8:77:1:ffff::9')).statusCode).toBe(429);
  });

  it('the throttle state lives in the database (shared by every instance)', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    for (let i = 0; i < 10; i++) await fail(ws.email, ip);
    const other = await startAccountsApp(ctx.db);
    other.clock.ms = t.clock.ms;
    try {
      expect((await signIn(other.app, ws.email, ws.password, { ip })).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('asking for sign-up codes is limited per address, before any lookup or KDF', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) await createWorkspace(t.app, { ip });
    const before = t.kdfCalls();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      payload: { workspaceName: 'One too many', email: uniqueEmail('signup') },
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(t.kdfCalls()).toBe(before);
    await createWorkspace(t.app, { ip: freshIp() });
  });

  it('changing the password is throttled too', async () => {
    const ws = await createWorkspace(t.app);
    const ip = freshIp();
    const change = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { authorization: `Bearer ${ws.token}` },
        payload: { currentPassword: 'guess guess guess', newPassword: 'whatever new pw' },
        remoteAddress: ip,
      });
    for (let i = 0; i < 10; i++) expect((await change()).statusCode).toBe(401);
    expect((await change()).statusCode).toBe(429);
  });
});
