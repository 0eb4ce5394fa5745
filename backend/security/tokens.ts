import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Bearer tokens (sessions, invites): 32 random bytes, base64url (43 characters). The database
 * keeps only their SHA-256, so a leaked table cannot be replayed: the stored hex is not even in
 * the token alphabet/length, and hashing it again gives a different value.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isTokenShaped(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newId(): string {
  return randomUUID();
}
