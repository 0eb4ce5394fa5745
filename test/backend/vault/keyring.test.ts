import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../../backend/vault/keyring';
import { parseKeySpec } from '../../../backend/vault/keys';
import { DEV_KEY_FILE, loadKeyring, VaultConfigError } from '../../../backend/vault/load';

const b64 = () => randomBytes(32).toString('base64');
const ring = (spec: string, primary?: string) => {
  const s = parseKeySpec(spec, primary);
  if (!s.ok) throw new Error(s.problems.join('; '));
  return new Keyring(s.keys, s.primaryId);
};

describe('key list parsing', () => {
  it('takes the first key as primary unless one is named', () => {
    const k1 = b64();
    const k2 = b64();
    expect(parseKeySpec(`k2:${k2},k1:${k1}`)).toMatchObject({ ok: true, primaryId: 'k2' });
    expect(parseKeySpec(`k2:${k2}, k1:${k1}`, 'k1')).toMatchObject({ ok: true, primaryId: 'k1' });
  });

  it('names bad entries without echoing key material', () => {
    const secretish = 'c2hvcnQ='; // "short"
    const r = parseKeySpec(`k1:${secretish},:${b64()},k1:${b64()}`, 'nope');
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.join('\n');
    expect(text).toContain('key "k1" must be 32 random bytes');
    expect(text).toContain('entry 2 needs an id');
    expect(text).toContain('listed twice');
    expect(text).toContain('ENCRYPTION_PRIMARY_KEY_ID');
    expect(text).not.toContain(secretish);
  });
});

describe('sealing', () => {
  const keys = `k1:${b64()}`;
  const k = ring(keys);

  it('round-trips, with a fresh IV each time and the key id in the value', () => {
    const a = k.seal('refresh-token-value', 'install:1:refresh');
    const b = k.seal('refresh-token-value', 'install:1:refresh');
    expect(a.sealed).not.toBe(b.sealed);
    expect(a.sealed).not.toContain('refresh-token-value');
    expect(a.sealed.split('.')[1]).toBe('k1');
    expect(k.open(a.sealed, 'install:1:refresh')).toEqual({ ok: true, value: 'refresh-token-value', keyId: 'k1' });
  });

  it('fails closed on a changed ciphertext, IV, tag, key id or AAD', () => {
    const { sealed } = k.seal('secret', 'install:1:refresh');
    const parts = sealed.split('.');
    const flip = (i: number) => {
      const p = [...parts];
      const buf = Buffer.from(p[i]!, 'base64url');
      buf[0]! ^= 0x01;
      p[i] = buf.toString('base64url');
      return p.join('.');
    };
    for (const i of [2, 3, 4]) expect(k.open(flip(i), 'install:1:refresh')).toEqual({ ok: false, reason: 'tampered' });
    expect(k.open(sealed, 'install:2:refresh')).toEqual({ ok: false, reason: 'tampered' });
    expect(k.open(sealed, 'install:1:access')).toEqual({ ok: false, reason: 'tampered' });
    expect(k.open(sealed.replace('.k1.', '.k9.'), 'install:1:refresh')).toEqual({ ok: false, reason: 'unknown_key' });
    const shortTag = [...parts];
    shortTag[3] = shortTag[3]!.slice(0, 8);
    expect(k.open(shortTag.join('.'), 'install:1:refresh')).toEqual({ ok: false, reason: 'tampered' });
    expect(k.open('garbage', 'x')).toEqual({ ok: false, reason: 'malformed' });
    expect(k.open('v1.k1.!!.aa.bb', 'x')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads old keys after rotation and writes with the new primary', () => {
    const k1 = b64();
    const old = ring(`k1:${k1}`);
    const sealed = old.seal('v', 'aad').sealed;
    const rotated = ring(`k2:${b64()},k1:${k1}`);
    expect(rotated.open(sealed, 'aad')).toMatchObject({ ok: true, value: 'v', keyId: 'k1' });
    expect(rotated.needsRotation('k1')).toBe(true);
    expect(rotated.seal('v', 'aad').keyId).toBe('k2');
    expect(ring(`k2:${b64()}`).open(sealed, 'aad')).toEqual({ ok: false, reason: 'unknown_key' });
  });
});

describe('loading keys', () => {
  it('refuses production without keys', () => {
    expect(() => loadKeyring({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' })).toThrow(VaultConfigError);
  });

  it('makes one persisted development key, mode 0600, and warns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-vault-'));
    try {
      const warnings: unknown[] = [];
      const logger = { warn: (...a: unknown[]) => warnings.push(a) };
      const a = loadKeyring({ NODE_ENV: 'development', DATA_DIR: dir }, logger);
      const sealed = a.seal('x', 'y').sealed;
      const b = loadKeyring({ NODE_ENV: 'development', DATA_DIR: dir }, logger);
      expect(b.open(sealed, 'y')).toMatchObject({ ok: true, value: 'x' });
      expect(statSync(join(dir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(warnings).toHaveLength(2);
      expect(JSON.stringify(warnings)).not.toContain(readFileSync(join(dir, DEV_KEY_FILE), 'utf8').trim().split(':')[1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses configured keys and the named primary', () => {
    const k = loadKeyring({ NODE_ENV: 'production', DATA_DIR: '/x', ENCRYPTION_KEYS: `a:${b64()},b:${b64()}`, ENCRYPTION_PRIMARY_KEY_ID: 'b' });
    expect(k.primaryId).toBe('b');
    expect(k.keyIds).toEqual(['a', 'b']);
  });
});
