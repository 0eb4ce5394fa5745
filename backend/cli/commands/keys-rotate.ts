import { z } from 'zod';
import { loadKeyring, VaultConfigError } from '../../vault/load';
import { reencryptAll } from '../../vault/reencrypt';
import type { Keyring } from '../../vault/keyring';
import { defineCommand, EXIT, line, type CliContext, switchFlag } from '../command';

/**
 * Key rotation, step two (docs/operations.md): with the new key listed first in ENCRYPTION_KEYS
 * (the old ones still listed), re-seal every stored secret under the new key. Prints counts per
 * key before and after; only when nothing is left under an old key may it be removed from
 * ENCRYPTION_KEYS. Running it again is harmless. Key material is never printed, only key ids.
 */
async function countByKey(ctx: CliContext): Promise<Map<string, number>> {
  const db = ctx.database().db;
  const counts = new Map<string, number>();
  const add = (id: string | null, n: number) => id && counts.set(id, (counts.get(id) ?? 0) + n);
  for (const col of ['refresh_key_id', 'access_key_id'] as const) {
    const rows = await db.selectFrom('installs').select((eb) => [col, eb.fn.countAll<number>().as('n')]).groupBy(col).execute();
    for (const r of rows) add(r[col], Number(r.n));
  }
  const pending = await db.selectFrom('install_tickets').select((eb) => ['pending_key_id', eb.fn.countAll<number>().as('n')]).where('pending_sealed', 'is not', null).groupBy('pending_key_id').execute();
  for (const r of pending) add(r.pending_key_id, Number(r.n));
  return counts;
}

const show = (counts: Map<string, number>, primary: string) =>
  counts.size === 0 ? 'no sealed values' : [...counts].map(([id, n]) => `${id}${id === primary ? ' (primary)' : ''}: ${n}`).join(', ');

export const keysRotateCommand = defineCommand({
  name: 'keys rotate',
  summary: 're-encrypt stored tokens with the primary key of ENCRYPTION_KEYS',
  usage: ['[--dry-run]   only count sealed values per key id'],
  flags: z.strictObject({ dryRun: switchFlag() }),
  async run(ctx, f) {
    let keyring: Keyring;
    try {
      keyring = loadKeyring(ctx.config, { warn: (_o, msg) => line(ctx.stderr, msg) });
    } catch (err) {
      if (!(err instanceof VaultConfigError)) throw err;
      line(ctx.stderr, `keys rotate: ${err.message}`);
      return EXIT.config;
    }
    const before = await countByKey(ctx);
    line(ctx.stdout, `keys rotate: primary key "${keyring.primaryId}"; keys listed: ${keyring.keyIds.join(', ')}`);
    line(ctx.stdout, `before: ${show(before, keyring.primaryId)}`);
    if (f.dryRun) return EXIT.ok;
    const report = await reencryptAll(ctx.database().db, keyring);
    const after = await countByKey(ctx);
    line(ctx.stdout, `re-sealed: ${report.resealed}; changed meanwhile (run again): ${report.skipped}; unreadable: ${report.failed.length}`);
    for (const fail of report.failed) line(ctx.stdout, `  unreadable: ${fail.table} ${fail.id} (${fail.reason})`);
    line(ctx.stdout, `after: ${show(after, keyring.primaryId)}`);
    const old = [...after].filter(([id, n]) => id !== keyring.primaryId && n > 0);
    if (old.length === 0) {
      const removable = keyring.keyIds.filter((id) => id !== keyring.primaryId);
      line(ctx.stdout, removable.length ? `Nothing is sealed under ${removable.join(', ')} any more; remove them from ENCRYPTION_KEYS and restart every instance.` : 'Every value is sealed under the primary key.');
    } else {
      line(ctx.stdout, `Still under older keys: ${old.map(([id, n]) => `${id} (${n})`).join(', ')}. Keep those keys listed; run again, or reconnect the unreadable installs.`);
    }
    return report.failed.length > 0 || report.skipped > 0 ? EXIT.failed : EXIT.ok;
  },
});
