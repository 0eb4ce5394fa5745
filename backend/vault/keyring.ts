import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, KEY_ID, type VaultKey } from './keys';

/**
 * AES-256-GCM sealing of secrets at rest (HubSpot refresh/access tokens).
 *
 * Sealed format, one text value: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 * - a fresh random 12-byte IV per value: GCM must never reuse an IV under one key;
 * - the key id travels with the value, so several keys can be live during a rotation;
 * - AAD binds a value to its row and purpose (`install:{id}:refresh`): a ciphertext copied to
 *   another row or column fails authentication instead of decrypting into the wrong place;
 * - any change to key id, IV, tag, ciphertext or AAD fails closed with an error value; the
 *   caller never gets partially decrypted data.
 */

export type OpenFailure = 'malformed' | 'unknown_key' | 'tampered';
export type Opened = { ok: true; value: string; keyId: string } | { ok: false; reason: OpenFailure };

export interface Sealed {
  sealed: string;
  keyId: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

export class Keyring {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly VaultKey[], readonly primaryId: string) {
    for (const k of keys) {
      if (!KEY_ID.test(k.id) || k.key.length !== KEY_BYTES) throw new Error('Keyring: every key needs a valid id and 32 bytes');
    }
    this.byId = new Map(keys.map((k) => [k.id, Buffer.from(k.key)]));
    if (!this.byId.has(primaryId)) throw new Error('Keyring: the primary key id is not among the keys');
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  seal(plaintext: string, aad: string): Sealed {
    const key = this.byId.get(this.primaryId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const parts = [VERSION, this.primaryId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')];
    return { sealed: parts.join('.'), keyId: this.primaryId };
  }

  open(sealed: string, aad: string): Opened {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
    const [, keyId, ivText, tagText, ctText] = parts as [string, string, string, string, string];
    if (![ivText, tagText, ctText].every((p) => B64URL.test(p))) return { ok: false, reason: 'malformed' };
    const key = this.byId.get(keyId);
    if (!key) return { ok: false, reason: 'unknown_key' };
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    // A short tag would weaken GCM's check; only the exact sizes we write are accepted.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return { ok: false, reason: 'tampered' };
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      const pt = Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]);
      return { ok: true, value: pt.toString('utf8'), keyId };
    } catch {
      return { ok: false, reason: 'tampered' };
    }
  }

  /** True when a value was sealed with an older key and should be re-sealed. */
  needsRotation(keyId: string): boolean {
    return keyId !== this.primaryId;
  }
}

