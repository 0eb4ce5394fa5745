import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpShell } from '../../../backend/app';
import { ConfigError, parseConfig } from '../../../backend/config';
import { createLogger } from '../../../backend/logger';
import { CHROME_EXTENSION_ID } from '../../../lib/contract/extension-identity';
import { TEST_ENV, createWorkspace, startAccountsApp, uniqueEmail, type TestApp } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';

/**
 * Issue 14, items 3, 5 (production defaults) and 13: who may state the client's address, what
 * production refuses to start with, and which extension origins get CORS. The socket-level items
 * (9: slow bodies, connection cap) are in round2-server-sockets.test.ts.
 *
 * The proxy below is the documented nginx in front of the backend (one hop, socket peer
 * 127.0.0.1). An nginx that appends (`$proxy_add_x_forwarded_for`) passes on whatever the client
 * wrote, followed by the address it really saw; the client's own part is attacker-controlled.
 */
const PROXY = '127.0.0.1';
const ATTACKER = '203.0.113.9';
const VICTIM = '198.51.100.7';
const spoof = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

function viaProxy(t: TestApp, url: string, body: object, forwardedFor: string, peer = PROXY) {
  return t.app.inject({ method: 'POST', url, payload: body, remoteAddress: peer, headers: { 'x-forwarded-for': forwardedFor } });
}

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describeEngines('round 2: a spoofed X-Forwarded-For behind one trusted hop', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    // The account-wide lock is lifted so only the per-address counters are under test.
    t = await startAccountsApp(ctx.db, { TRUST_PROXY: '1', LOGIN_ACCOUNT_MAX_FAILURES: '100000' });
  });
  afterAll(async () => t.close());

  it('cannot bypass the sign-in throttle: a new made-up address per guess still counts against the real one', async () => {
    const ws = await createWorkspace(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 14; i++) codes.push((await viaProxy(t, '/api/v1/auth/sign-in', { email: ws.email, password: 'a wrong guess' }, `${spoof()}, ${ATTACKER}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it("cannot lock a victim out by writing the victim's address", async () => {
    const ws = await createWorkspace(t.app);
    for (let i = 0; i < 14; i++) await viaProxy(t, '/api/v1/auth/sign-in', { email: ws.email, password: 'a wrong guess' }, `${VICTIM}, ${ATTACKER}`);
    const victim = await viaProxy(t, '/api/v1/auth/sign-in', { email: ws.email, password: ws.password }, VICTIM);
    expect(victim.statusCode, victim.body).toBe(200);
  });

  it('cannot bypass the per-address sign-up limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 14; i++) {
      // Sign-up's first step (a mailed code) is what the per-address limit guards; it takes no password.
      const body = { workspaceName: 'Spoof', email: uniqueEmail('spoof') };
      codes.push((await viaProxy(t, '/api/v1/workspaces', body, `${spoof()}, ${ATTACKER}`)).statusCode);
    }
    expect(codes).toContain(429);
  });
});

describeEngines('round 2: TRUST_PROXY as the proxies’ addresses', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db, { TRUST_PROXY: `${PROXY},10.0.0.0/8`, LOGIN_ACCOUNT_MAX_FAILURES: '100000' });
  });
  afterAll(async () => t.close());

  it('a client that is not a listed proxy is judged by its own address, whatever it forwards', async () => {
    const ws = await createWorkspace(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await viaProxy(t, '/api/v1/auth/sign-in', { email: ws.email, password: 'a wrong guess' }, spoof(), ATTACKER)).statusCode);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it("keeps a listed proxy's X-Request-Id and ignores one sent by anybody else", async () => {
    const fromProxy = await t.app.inject({ url: '/healthz', remoteAddress: PROXY, headers: { 'x-request-id': 'proxy-1234abcd' } });
    expect(fromProxy.headers['x-request-id']).toBe('proxy-1234abcd');
    const direct = await t.app.inject({ url: '/healthz', remoteAddress: ATTACKER, headers: { 'x-request-id': 'client-1234abcd' } });
    expect(direct.headers['x-request-id']).not.toBe('client-1234abcd');
  });
});

describe('round 2: configuration refuses to trust every proxy', () => {
  it('TRUST_PROXY=true is refused, saying what to set instead', () => {
    const found = problems({ TRUST_PROXY: 'true' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^TRUST_PROXY: .*number of proxies.*\(e\.g\. 1/);
  });

  it('a TRUST_PROXY entry that is not an address or range is refused', () => {
    expect(problems({ TRUST_PROXY: '127.0.0.1,proxy.example' })[0]).toMatch(/^TRUST_PROXY: `proxy.example` is not an IP address/);
  });
});

describe('round 2: production makes open sign-up and public metrics explicit choices', () => {
  const SAFE = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://portside.example.com',
    ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    HUBSPOT_CLIENT_ID: 'client-id',
    HUBSPOT_CLIENT_SECRET: 'client-secret-value',
    HUBSPOT_REDIRECT_URI: 'https://portside.example.com/install/callback',
    WORKSPACE_SIGNUP: 'closed',
    METRICS_TOKEN: 'a'.repeat(32),
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtps://portside:mail-password@mail.example.com:465',
  };
  const without = (name: keyof typeof SAFE) => Object.fromEntries(Object.entries(SAFE).filter(([k]) => k !== name));

  it('refuses to start with sign-up left at its default, and with /metrics unauthenticated, naming both at once', () => {
    const found = problems({ ...without('WORKSPACE_SIGNUP'), METRICS_TOKEN: '' });
    expect(found.some((p) => /^WORKSPACE_SIGNUP: must be set explicitly in production/.test(p)), found.join('\n')).toBe(true);
    expect(found.some((p) => /^METRICS_TOKEN: required in production .*METRICS_PUBLIC=true/.test(p)), found.join('\n')).toBe(true);
  });

  it('starts when they are chosen: WORKSPACE_SIGNUP=open and METRICS_PUBLIC=true', () => {
    expect(problems({ ...without('METRICS_TOKEN'), WORKSPACE_SIGNUP: 'open', METRICS_PUBLIC: 'true' })).toEqual([]);
  });
});

describe('round 2: CORS only for Portside’s own extension', () => {
  const OURS = `chrome-extension://${CHROME_EXTENSION_ID}`;
  const FOREIGN_CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  const SOME_FIREFOX = 'moz-extension://0f6c8a52-3c2e-4d7a-9b1f-2a4e5c6d7e8f';
  const apps: Awaited<ReturnType<typeof buildHttpShell>>[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const app = await buildHttpShell({ config: parseConfig({ ...TEST_ENV, ...env }), logger: createLogger('silent') });
    apps.push(app);
    return app;
  };
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  const granted = async (app: Awaited<ReturnType<typeof buildHttpShell>>, origin: string) => {
    const get = await app.inject({ url: '/healthz', headers: { origin } });
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/auth/sign-in', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const grants = [get.headers['access-control-allow-origin'], preflight.headers['access-control-allow-origin']];
    expect(grants[0]).toBe(grants[1]);
    return grants[0] === origin;
  };

  it("grants the built extension's origin and no other extension's, by default", async () => {
    const app = await start();
    expect(await granted(app, OURS)).toBe(true);
    expect(await granted(app, FOREIGN_CHROME)).toBe(false);
    expect(await granted(app, SOME_FIREFOX)).toBe(false);
    expect(await granted(app, 'https://app.hubspot.com')).toBe(false);
  });

  it('grants exactly the configured EXTENSION_ORIGINS', async () => {
    const app = await start({ EXTENSION_ORIGINS: `${FOREIGN_CHROME}, ${SOME_FIREFOX}` });
    expect(await granted(app, FOREIGN_CHROME)).toBe(true);
    expect(await granted(app, SOME_FIREFOX)).toBe(true);
    expect(await granted(app, OURS)).toBe(false);
    expect(await granted(app, 'moz-extension://11111111-2222-3333-4444-555555555555')).toBe(false);
  });

  it('refuses an EXTENSION_ORIGINS entry that is not an extension origin', () => {
    expect(problems({ EXTENSION_ORIGINS: 'https://evil.example' })[0]).toMatch(/^EXTENSION_ORIGINS/);
  });
});
