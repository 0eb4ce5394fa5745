import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEngines } from '../helpers/engines';
import { createWorkspace, inviteAndAccept, startAccountsApp, type SignedIn, type TestApp } from '../helpers/accounts-app';

/** Every body-taking route, as the admin (who may call them all). */
const BODY_ROUTES: Array<[method: 'POST' | 'PUT' | 'PATCH', url: string]> = [
  ['POST', '/api/v1/workspaces'],
  ['POST', '/api/v1/auth/sign-in'],
  ['POST', '/api/v1/invites/inspect'],
  ['POST', '/api/v1/invites/accept'],
  ['PATCH', '/api/v1/me'],
  ['POST', '/api/v1/me/password'],
  ['POST', '/api/v1/members'],
  ['PUT', '/api/v1/members/:id/role'],
];

describeEngines('malformed requests', (ctx) => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  beforeAll(async () => {
    // Small body limit so "huge" stays cheap; the production default is 256 KiB.
    t = await startAccountsApp(ctx.db, { BODY_LIMIT_BYTES: '8192' });
    admin = await createWorkspace(t.app);
    member = await inviteAndAccept(t.app, admin.token);
  });
  afterAll(async () => t.close());

  const send = (method: string, url: string, payload: string | Buffer, contentType = 'application/json') =>
    t.app.inject({
      method: method as 'POST',
      url: url.replace(':id', member.member.id),
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': contentType },
      payload,
    });

  it('broken JSON is 400 bad_request on every route', async () => {
    for (const [method, url] of BODY_ROUTES) {
      for (const payload of ['{', '{"email":', 'nul', '[1,2', '"\\u12"', '{"a":1}}', '{"__proto__":{"x":1}}', '']) {
        const res = await send(method, url, payload);
        expect(res.statusCode, `${method} ${url} ${payload}`).toBe(400);
        expect(res.json().error.code).toBe('bad_request');
      }
    }
  });

  it('wrong types, missing and unknown fields are 400 with the failing path, never the value', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/workspaces', { workspaceName: 1, email: 'a@b.test', password: 'long enough pw' }],
      ['POST', '/api/v1/workspaces', { workspaceName: 'x', email: 'not an email', password: 'long enough pw' }],
      ['POST', '/api/v1/workspaces', { workspaceName: 'x', email: 'a@b.test', password: 'short' }],
      ['POST', '/api/v1/workspaces', { workspaceName: 'x', email: 'a@b.test', password: 'long enough pw', role: 'admin' }],
      ['POST', '/api/v1/auth/sign-in', { email: ['a@b.test'], password: 'secret-value-123' }],
      ['POST', '/api/v1/auth/sign-in', { email: 'a@b.test', password: 12345678 }],
      ['POST', '/api/v1/auth/sign-in', { email: 'a@b.test' }],
      ['POST', '/api/v1/auth/sign-in', [1, 2, 3]],
      ['POST', '/api/v1/auth/sign-in', 'just a string'],
      ['POST', '/api/v1/auth/sign-in', null],
      ['POST', '/api/v1/invites/accept', { code: 'short', password: 'long enough pw' }],
      ['POST', '/api/v1/members', { email: 'x@y.test', role: 'owner' }],
      ['PUT', '/api/v1/members/:id/role', { role: null }],
      ['PATCH', '/api/v1/me', { displayName: { first: 'a' } }],
      ['POST', '/api/v1/me/password', { currentPassword: 'secret-value-123', newPassword: 'x'.repeat(257) }],
    ];
    for (const [method, url, body] of cases) {
      const res = await send(method, url, JSON.stringify(body));
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
      expect(res.body).not.toContain('secret-value-123');
    }
  });

  it('huge bodies are 413 before any work; other content types are 415', async () => {
    for (const [method, url] of BODY_ROUTES) {
      const huge = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(20_000) });
      const res = await send(method, url, huge);
      expect(res.statusCode, `${method} ${url}`).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
      const text = await send(method, url, 'email=a', 'application/x-www-form-urlencoded');
      expect(text.statusCode).toBe(415);
    }
  });

  it('a password over 256 characters is rejected before the KDF', async () => {
    const before = t.kdfCalls();
    const res = await send('POST', '/api/v1/workspaces', JSON.stringify({ workspaceName: 'x', email: 'long@b.test', password: 'p'.repeat(257) }));
    expect(res.statusCode).toBe(400);
    expect(t.kdfCalls()).toBe(before);
  });

  it('random JSON values never produce a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), fc.jsonValue(), async ([method, url], value) => {
        const res = await send(method, url, JSON.stringify(value));
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
