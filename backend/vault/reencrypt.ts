import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Keyring } from './keyring';
import { installTokenAad, pendingAad } from './aad';

/**
 * Key rotation, step two (the operator command): after a new key is listed first in
 * ENCRYPTION_KEYS, re-seal every stored secret still under an older key, so the old key can
 * then be removed. Each row is updated with a compare-and-set on its old ciphertext, so a token
 * refreshed meanwhile is never overwritten with a stale one; run it again to pick those up.
 * Rows that fail to open (tampered, or sealed with a key no longer listed) are reported by id
 * and left as they are.
 */

export interface ReencryptReport {
  resealed: number;
  skipped: number;
  failed: { table: string; id: string; reason: string }[];
}

export async function reencryptAll(db: Kysely<Database>, keyring: Keyring): Promise<ReencryptReport> {
  const report: ReencryptReport = { resealed: 0, skipped: 0, failed: [] };
  const primary = keyring.primaryId;

  const installs = await db
    .selectFrom('installs')
    .select(['id', 'refresh_token_sealed', 'access_token_sealed'])
    .where((eb) => eb.or([eb('refresh_key_id', '!=', primary), eb('access_key_id', '!=', primary)]))
    .execute();
  for (const row of installs) {
    const refresh = keyring.open(row.refresh_token_sealed, installTokenAad(row.id, 'refresh'));
    const access = keyring.open(row.access_token_sealed, installTokenAad(row.id, 'access'));
    if (!refresh.ok || !access.ok) {
      report.failed.push({ table: 'installs', id: row.id, reason: (!refresh.ok ? refresh.reason : !access.ok ? access.reason : '') });
      continue;
    }
    const r = keyring.seal(refresh.value, installTokenAad(row.id, 'refresh'));
    const a = keyring.seal(access.value, installTokenAad(row.id, 'access'));
    const res = await db
      .updateTable('installs')
      .set({ refresh_token_sealed: r.sealed, refresh_key_id: r.keyId, access_token_sealed: a.sealed, access_key_id: a.keyId })
      .where('id', '=', row.id)
      .where('refresh_token_sealed', '=', row.refresh_token_sealed)
      .where('access_token_sealed', '=', row.access_token_sealed)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) report.resealed++;
    else report.skipped++;
  }

  const tickets = await db
    .selectFrom('install_tickets')
    .select(['id', 'pending_sealed'])
    .where('pending_sealed', 'is not', null)
    .where('pending_key_id', '!=', primary)
    .execute();
  for (const t of tickets) {
    const opened = keyring.open(t.pending_sealed!, pendingAad(t.id));
    if (!opened.ok) {
      report.failed.push({ table: 'install_tickets', id: t.id, reason: opened.reason });
      continue;
    }
    const s = keyring.seal(opened.value, pendingAad(t.id));
    const res = await db
      .updateTable('install_tickets')
      .set({ pending_sealed: s.sealed, pending_key_id: s.keyId })
      .where('id', '=', t.id)
      .where('pending_sealed', '=', t.pending_sealed)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) report.resealed++;
    else report.skipped++;
  }
  return report;
}
