import { fail, ok, type Result } from '../../../lib/contract/errors';
import { installTokenAad } from '../../vault/aad';
import type { Keyring } from '../../vault/keyring';
import type { SealedTokens } from './store';
import type { InstallRow } from '../../db/schema';

/** Sealing and opening an install row's tokens, with the row-bound AAD. */

export function sealTokens(keyring: Keyring, installId: string, t: { accessToken: string; refreshToken: string; accessExpiresAt: number }): SealedTokens {
  const refresh = keyring.seal(t.refreshToken, installTokenAad(installId, 'refresh'));
  const access = keyring.seal(t.accessToken, installTokenAad(installId, 'access'));
  return {
    refresh_token_sealed: refresh.sealed,
    refresh_key_id: refresh.keyId,
    access_token_sealed: access.sealed,
    access_key_id: access.keyId,
    access_expires_at: t.accessExpiresAt,
  };
}

/**
 * Opens one token. A value that fails authentication (tampered, moved to another row) or was
 * sealed with a key no longer configured fails closed: the caller gets an error value and the
 * token is never used. The reason goes to the operator's log via the caller, never the value.
 */
export function openToken(keyring: Keyring, row: Pick<InstallRow, 'id' | 'refresh_token_sealed' | 'access_token_sealed'>, kind: 'refresh' | 'access'): Result<string> {
  const sealed = kind === 'refresh' ? row.refresh_token_sealed : row.access_token_sealed;
  const opened = keyring.open(sealed, installTokenAad(row.id, kind));
  if (opened.ok) return ok(opened.value);
  return fail(
    'internal',
    opened.reason === 'unknown_key'
      ? "The stored HubSpot connection was encrypted with a key this server no longer has. The operator must restore the key (ENCRYPTION_KEYS), or an admin must reconnect HubSpot."
      : 'The stored HubSpot connection failed its integrity check and was not used. An admin must reconnect HubSpot; the operator should investigate.',
    { vault: opened.reason },
  );
}
