import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Keyring } from './keyring';
import { parseKeySpec } from './keys';

/**
 * Builds the process's keyring from configuration.
 * - `ENCRYPTION_KEYS` set: those keys (config parsing already rejected a bad list).
 * - Unset in production: refuse to start (parseConfig reports it; this is the second guard).
 * - Unset elsewhere: a development key generated once and kept in DATA_DIR/dev-encryption-key
 *   (mode 0600), so a restarted dev server can still read its stored tokens. It is logged as a
 *   warning because anyone who can read DATA_DIR can decrypt those tokens.
 */

export interface VaultConfig {
  NODE_ENV: string;
  DATA_DIR: string;
  ENCRYPTION_KEYS?: string | undefined;
  ENCRYPTION_PRIMARY_KEY_ID?: string | undefined;
}

export const DEV_KEY_FILE = 'dev-encryption-key';
const DEV_KEY_ID = 'dev';

export class VaultConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultConfigError';
  }
}

export function loadKeyring(config: VaultConfig, logger?: { warn(obj: object, msg: string): void }): Keyring {
  if (config.ENCRYPTION_KEYS) {
    const spec = parseKeySpec(config.ENCRYPTION_KEYS, config.ENCRYPTION_PRIMARY_KEY_ID);
    if (!spec.ok) throw new VaultConfigError(spec.problems.join('; '));
    return new Keyring(spec.keys, spec.primaryId);
  }
  if (config.NODE_ENV === 'production') {
    throw new VaultConfigError('ENCRYPTION_KEYS: required in production (HubSpot tokens are stored encrypted)');
  }
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, DEV_KEY_FILE);
  const spec = parseKeySpec(readOrCreateDevKey(dir, file));
  if (!spec.ok) throw new VaultConfigError(`${file} is not a valid key file; delete it to make a new one (stored tokens will need a reconnect)`);
  logger?.warn({ file }, 'vault.dev_key: ENCRYPTION_KEYS is not set; using a development key stored in DATA_DIR. Set ENCRYPTION_KEYS before real use.');
  return new Keyring(spec.keys, spec.primaryId);
}

function readOrCreateDevKey(dir: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // DATA_DIR is private to this user (see backend/data-dir.ts); the key file itself is 0600.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line = `${DEV_KEY_ID}:${randomBytes(32).toString('base64')}`;
  try {
    // `wx`: if another process created it first, use theirs rather than overwrite it.
    writeFileSync(file, `${line}\n`, { flag: 'wx', mode: 0o600 });
    return line;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
}
