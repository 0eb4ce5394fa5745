import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createWorkspace, invite, startAccountsApp, uniqueEmail, type SignedIn, type TestApp } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';

/**
 * Issue 14 item 6: every password path goes through the KDF's admission control, and sign-in of
 * existing users is protected from storms of new passwords. Measured with counts, not clocks:
 * how many KDF runs had finished by the time the existing user was signed in. Before the fix the
 * sign-in queued behind the whole storm (30 runs or more first); now it waits at most for the run
 * already under way, and the storm past its bounded share is told "busy" at once.
 */
const STORM = 30;

describeEngines('hostile: password storms cannot lock existing users out of sign-in', (e) => {
  let t: TestApp;
  let owner: SignedIn;
  beforeAll(async () => {
    // One KDF at a time, at a cost that makes 30 of them take a noticeable while.
    t = await startAccountsApp(e.db, { KDF_CONCURRENCY: '1', PASSWORD_SCRYPT_LN: '14' });
    owner = await createWorkspace(t.app, { password: 'correct horse battery staple' });
  });
  afterAll(() => t?.close());

  /** Fires the storm, then the owner's sign-in; returns the storm's answers and how many KDF runs of the storm finished before the sign-in answered. */
  async function stormThenSignIn(storm: () => Promise<LightMyRequestResponse>[]) {
    const before = t.kdfFinished();
    const called = t.kdfCalls();
    let answered = 0;
    const pending = storm().map((p) => p.finally(() => answered++));
    // The sign-in comes once every storm request has reached the KDF or been answered, so it
    // really arrives behind the storm (requests with more database work before their KDF would
    // otherwise let it overtake them).
    while (t.kdfCalls() - called + answered < STORM) await new Promise((r) => setTimeout(r, 2));
    const signIn = await call(t.app, 'POST', '/api/v1/auth/sign-in', { body: { email: owner.email, password: 'correct horse battery staple' }, ip: '203.0.113.250' });
    // Less the sign-in's own run.
    const ranFirst = t.kdfFinished() - before - 1;
    return { signIn, answers: await Promise.all(pending), ranFirst };
  }

  function expectBusyShape(r: LightMyRequestResponse) {
    expect(r.statusCode).toBe(503);
    expect((r.json() as { error: { code: string } }).error.code).toBe('service_unavailable');
    expect(r.headers['retry-after']).toBe('5');
  }

  it('30 parallel sign-ups: the owner signs in ahead of them, the storm past its share hears "busy"', async () => {
    const { signIn, answers, ranFirst } = await stormThenSignIn(
      () =>
        Array.from({ length: STORM }, (_, i) =>
          call(t.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: `Storm ${i}`, email: uniqueEmail('storm'), password: 'storm password 123' }, ip: `198.18.${e.engine === 'sqlite' ? 1 : 2}.${i + 1}` }),
        ),
    );
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(ranFirst).toBeLessThanOrEqual(3);
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 503)).toBe(true);
    const busy = answers.filter((r) => r.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    busy.forEach(expectBusyShape);
  });

  it('30 parallel invite accepts: same', async () => {
    const codes: string[] = [];
    for (let i = 0; i < STORM; i++) codes.push((await invite(t.app, owner.token)).invite.code);
    const { signIn, answers, ranFirst } = await stormThenSignIn(
      () => codes.map((code) => call(t.app, 'POST', '/api/v1/invites/accept', { body: { code, password: 'storm password 123' } })),
    );
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(ranFirst).toBeLessThanOrEqual(3);
    expect(answers.every((r) => r.statusCode === 200 || r.statusCode === 503)).toBe(true);
    answers.filter((r) => r.statusCode === 503).forEach(expectBusyShape);
  });

  it('30 parallel password changes: same (the current-password check queues with new passwords)', async () => {
    // Members with sessions, made one at a time (no storm yet).
    const members: SignedIn[] = [];
    for (let i = 0; i < STORM; i++) {
      const inv = await invite(t.app, owner.token);
      const acc = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'member password 123' } });
      expect(acc.statusCode, acc.body).toBe(200);
      members.push({ ...acc.json(), email: inv.email, password: 'member password 123' });
    }
    const { signIn, answers, ranFirst } = await stormThenSignIn(
      () =>
        members.map((m, i) =>
          call(t.app, 'POST', '/api/v1/me/password', { token: m.token, body: { currentPassword: m.password, newPassword: 'changed password 456' }, ip: `198.19.${e.engine === 'sqlite' ? 1 : 2}.${i + 1}` }),
        ),
    );
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(ranFirst).toBeLessThanOrEqual(3);
    expect(answers.every((r) => r.statusCode === 200 || r.statusCode === 503), answers.map((r) => r.statusCode).join(',')).toBe(true);
    answers.filter((r) => r.statusCode === 503).forEach(expectBusyShape);
  });
});
