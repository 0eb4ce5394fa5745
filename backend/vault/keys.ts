/**
 * Parsing of the operator's key list, `ENCRYPTION_KEYS=k2:<base64 32 bytes>,k1:<base64 32 bytes>`.
 * The first key listed is the primary (new values are sealed with it) unless
 * `ENCRYPTION_PRIMARY_KEY_ID` names another; the others stay for decrypting older values until
 * `reencryptAll` has moved every row to the primary. Problems name the entry by position or id,
 * never by value, so a bad key never reaches a log or an error message.
 */

export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_BYTES = 32;

export interface VaultKey {
  id: string;
  key: Buffer;
}

export type KeySpec = { ok: true; keys: VaultKey[]; primaryId: string } | { ok: false; problems: string[] };

export function parseKeySpec(spec: string, primaryId?: string): KeySpec {
  const problems: string[] = [];
  const keys: VaultKey[] = [];
  const entries = spec.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) problems.push('ENCRYPTION_KEYS: no keys listed (expected id:base64,…)');
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const material = at > 0 ? entry.slice(at + 1) : '';
    const where = KEY_ID.test(id) ? `key "${id}"` : `entry ${i + 1}`;
    if (!KEY_ID.test(id)) problems.push(`ENCRYPTION_KEYS: ${where} needs an id of 1-32 letters, digits, - or _ before ':'`);
    // Buffer.from silently skips bad characters, so check the alphabet and the round trip.
    const normal = material.replace(/-/g, '+').replace(/_/g, '/');
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(normal) ? Buffer.from(normal, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) problems.push(`ENCRYPTION_KEYS: ${where} must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
    if (keys.some((k) => k.id === id)) problems.push(`ENCRYPTION_KEYS: key id "${id}" is listed twice`);
    keys.push({ id, key });
  });
  const primary = primaryId ?? keys[0]?.id;
  if (primaryId !== undefined && !keys.some((k) => k.id === primaryId)) {
    problems.push(`ENCRYPTION_PRIMARY_KEY_ID: "${primaryId}" is not one of the ENCRYPTION_KEYS ids`);
  }
  if (problems.length > 0 || !primary) return { ok: false, problems };
  return { ok: true, keys, primaryId: primary };
}
