import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPasswordHasher, formatPhc, hasherFromConfig, parsePhc, type PasswordHasher } from '../../../backend/security/password';
import { hashToken, isTokenShaped, newToken } from '../../../backend/security/tokens';
import { addressKey } from '../../../backend/security/throttle';
import { CreateWorkspaceRequest, Email, Password, SignInRequest, VerifyWorkspaceRequest } from '../../../lib/contract/api/accounts';
import { parseConfig } from '../../../backend/config';

const fast = createPasswordHasher({ ln: 10, r: 8, p: 1 });

/** The PHC string of a hash that must be admitted (these hashers have nothing else queued). */
async function hashOf(h: PasswordHasher, password: string): Promise<string> {
  const r = await h.hash(password);
  if (!r.ok) throw new Error(`hash refused: ${r.error.code}`);
  return r.data;
}

describe('scrypt password hashing', () => {
  it('uses OWASP parameters by default (N=2^17, r=8, p=1) and they run within maxmem', async () => {
    const hasher = hasherFromConfig(parseConfig({}));
    expect(hasher.params).toEqual({ ln: 17, r: 8, p: 1 });
    const started = performance.now();
    const phc = await hashOf(hasher, 'correct horse battery staple');
    const ms = performance.now() - started;
    expect(phc).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify('correct horse battery staple', phc)).toEqual({ ok: true, rehash: false });
    expect((await hasher.verify('correct horse battery stapl', phc)).ok).toBe(false);
    // Memory-hard for real: far slower than the test cost (ln=10 is ~1 ms).
    expect(ms).toBeGreaterThan(20);
  }, 30_000);

  it('refuses a cost below 17 in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', PASSWORD_SCRYPT_LN: '12' })).toThrow(/PASSWORD_SCRYPT_LN/);
    // Other production requirements may fail too; the default cost is never one of them.
    let message = '';
    try {
      parseConfig({ NODE_ENV: 'production' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('PASSWORD_SCRYPT_LN');
  });

  it('salts every hash', async () => {
    expect(await hashOf(fast, 'same password')).not.toBe(await hashOf(fast, 'same password'));
  });

  it('asks for a rehash when the stored parameters differ from the current ones', async () => {
    const old = createPasswordHasher({ ln: 9, r: 8, p: 1 });
    const phc = await hashOf(old, 'upgrade me please');
    expect(await fast.verify('upgrade me please', phc)).toEqual({ ok: true, rehash: true });
    expect(await fast.verify('wrong password', phc)).toEqual({ ok: false, rehash: false });
  });

  it('treats corrupt or hostile PHC strings as a mismatch, never running an absurd cost', async () => {
    for (const bad of ['', 'plain', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '$argon2id$v=19$m=1,t=1,p=1$x$y']) {
      expect(parsePhc(bad)).toBeNull();
      expect(await fast.verify('anything', bad)).toEqual({ ok: false, rehash: false });
    }
    const salt = Buffer.alloc(16, 1);
    expect(parsePhc(formatPhc({ ln: 10, r: 8, p: 1 }, salt, Buffer.alloc(32, 2)))).toMatchObject({ params: { ln: 10, r: 8, p: 1 } });
  });

  it('hashes exactly what was typed: no trimming, no truncation, no normalisation', async () => {
    const long = 'a'.repeat(200);
    const phc = await hashOf(fast, long);
    expect((await fast.verify(`${long}b`, phc)).ok).toBe(false); // bcrypt would truncate at 72 bytes
    expect((await fast.verify('a'.repeat(199), phc)).ok).toBe(false);
    const spaced = await hashOf(fast, ' pass word ');
    expect((await fast.verify('pass word', spaced)).ok).toBe(false);
    const composed = await hashOf(fast, 'caf\u00e9 password');
    expect((await fast.verify('cafe\u0301 password', composed)).ok).toBe(false);
    expect((await fast.verify('caf\u00e9 password', composed)).ok).toBe(true);
  });

  it('any accepted password round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 8, maxLength: 40 }), async (pw) => {
        fc.pre(Password.safeParse(pw).success);
        expect((await fast.verify(pw, await hashOf(fast, pw))).ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe('password and email rules (shared zod schemas)', () => {
  it('accepts 8 to 256 characters counted as code points', () => {
    expect(Password.safeParse('1234567').success).toBe(false);
    expect(Password.safeParse('12345678').success).toBe(true);
    expect(Password.safeParse('x'.repeat(256)).success).toBe(true);
    expect(Password.safeParse('x'.repeat(257)).success).toBe(false);
    // 256 emoji are 512 UTF-16 units but 256 characters: accepted; 257 are not.
    expect(Password.safeParse('😀'.repeat(256)).success).toBe(true);
    expect(Password.safeParse('😀'.repeat(257)).success).toBe(false);
    // 4 emoji are 8 UTF-16 units but only 4 characters.
    expect(Password.safeParse('😀'.repeat(4)).success).toBe(false);
    expect(Password.safeParse('        ').success).toBe(true); // spaces are characters
  });

  it('keeps the password untouched and normalises the email', () => {
    const parsed = VerifyWorkspaceRequest.parse({ email: ' Ada@Example.COM ', code: '12345678', password: '  pad me  ' });
    expect(parsed).toEqual({ email: 'ada@example.com', code: '12345678', password: '  pad me  ' });
    expect(CreateWorkspaceRequest.parse({ workspaceName: ' Acme ', email: 'a@b.test' }).workspaceName).toBe('Acme');
    expect(Email.safeParse('nope').success).toBe(false);
    expect(SignInRequest.safeParse({ email: 'a@b.test', password: 'x', extra: 1 }).success).toBe(false);
  });
});

describe('tokens', () => {
  it('are 256-bit base64url, stored as SHA-256 hex that is not itself token-shaped', () => {
    const token = newToken();
    expect(isTokenShaped(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(isTokenShaped(hashToken(token))).toBe(false);
    expect(new Set(Array.from({ length: 100 }, newToken)).size).toBe(100);
  });
});

describe('throttle address keys', () => {
  it('groups an IPv6 /64 and unwraps IPv4-mapped addresses', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('KDF queue', () => {
  it('says it is saturated once the configured number of runs wait, and recovers as they finish', async () => {
    const h = createPasswordHasher({ ln: 12, r: 8, p: 1 }, { concurrency: 1, maxQueue: 2 });
    const phc = await hashOf(h, 'correct horse battery staple');
    expect(h.saturated()).toBe(false);
    const runs = [h.verify('a-wrong-password', phc), h.verify('b-wrong-password', phc), h.verify('c-wrong-password', phc)];
    // One runs, two wait: the queue is full.
    expect(h.saturated()).toBe(true);
    await Promise.all(runs);
    expect(h.saturated()).toBe(false);
  });
});

describe('KDF lanes', () => {
  it('answers busy for new passwords past their share, without touching the sign-in lane', async () => {
    const h = createPasswordHasher({ ln: 12, r: 8, p: 1 }, { concurrency: 1, maxQueue: 8, newShare: 1, maxNewQueue: 2 });
    const runs = Array.from({ length: 6 }, (_, i) => h.hash(`new password ${i}`));
    // One runs, two wait; the other three are told at once to come back.
    expect(h.saturated()).toBe(false);
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    for (const r of results.filter((x) => !x.ok)) {
      expect(r).toMatchObject({ ok: false, error: { code: 'service_unavailable', details: { retryAfterSeconds: 5 } } });
    }
  });

  it('serves a sign-in before the new passwords that queued ahead of it', async () => {
    const h = createPasswordHasher({ ln: 12, r: 8, p: 1 }, { concurrency: 1, newShare: 1, maxNewQueue: 10 });
    const phc = await hashOf(h, 'correct horse battery staple');
    const order: string[] = [];
    const news = Array.from({ length: 5 }, (_, i) => h.hash(`new password ${i}`).then(() => order.push(`new${i}`)));
    const signIn = h.verify('correct horse battery staple', phc).then((r) => order.push(r.ok ? 'sign-in' : 'sign-in failed'));
    await Promise.all([...news, signIn]);
    // Only the run already under way finishes first.
    expect(order.indexOf('sign-in')).toBe(1);
  });

  it('runs the dummy check for unknown emails in the sign-in lane from the first call (no stored dummy hash)', async () => {
    const h = createPasswordHasher({ ln: 12, r: 8, p: 1 }, { concurrency: 1, maxQueue: 2 });
    const runs = [h.verifyDummy('a-wrong-password'), h.verifyDummy('b-wrong-password'), h.verifyDummy('c-wrong-password')];
    expect(h.saturated()).toBe(true);
    expect(await Promise.all(runs)).toEqual([false, false, false]);
  });
});
