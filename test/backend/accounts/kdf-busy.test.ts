import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createWorkspace, startAccountsApp, type TestApp } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';

/**
 * A storm of sign-ins from many addresses fills the KDF queue (the throttle cannot stop it: each
 * address is new). Past the queue's bound the server answers "busy" at once (503 with Retry-After)
 * instead of making every person wait behind the storm, and counts nothing against anyone.
 */
describeEngines('sign-in while the KDF queue is full', (e) => {
  let t: TestApp;
  beforeAll(async () => {
    // One KDF at a time and a cost that takes a few ms: 8 may wait, the rest are told to come back.
    t = await startAccountsApp(e.db, { KDF_CONCURRENCY: '1', PASSWORD_SCRYPT_LN: '13' });
  });
  afterAll(() => t?.close());

  it('answers busy past the bound, never a 5xx otherwise, and signs the person in afterwards', async () => {
    const owner = await createWorkspace(t.app, { email: 'busy.owner@acme.example', password: 'correct horse battery staple' });
    // The dummy hash for unknown emails exists after the first one (made once per process).
    await call(t.app, 'POST', '/api/v1/auth/sign-in', { body: { email: 'warm.up@acme.example', password: 'wrong password here' }, ip: '198.51.100.200' });
    const storm = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(t.app, 'POST', '/api/v1/auth/sign-in', { body: { email: `nobody${i}@acme.example`, password: 'wrong password here' }, ip: `198.51.100.${i + 1}` }),
      ),
    );
    const statuses = storm.map((r) => r.statusCode);
    const busy = storm.filter((r) => r.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    for (const r of busy) {
      expect(r.json().error).toMatchObject({ code: 'service_unavailable', message: expect.stringContaining('Try again in a few seconds') });
      expect(r.headers['retry-after']).toBe('5');
    }
    // Once the queue drains, the owner signs in as usual.
    const ok = await call(t.app, 'POST', '/api/v1/auth/sign-in', { body: { email: owner.member.email, password: 'correct horse battery staple' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
