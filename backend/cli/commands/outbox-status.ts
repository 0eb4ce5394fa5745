import { z } from 'zod';
import { backlog } from '../../services/writes/outbox-store';
import { defineCommand, EXIT, line, switchFlag } from '../command';
import { age, jsonLines, table } from '../output';

/** The outbox per portal: waiting, in flight, oldest age, why it waits, dead letters, 429 pause. */
export const outboxStatusCommand = defineCommand({
  name: 'outbox status',
  summary: 'show the write backlog per portal, its oldest age and dead letters',
  usage: ['[--json]   one JSON object per portal'],
  flags: z.strictObject({ json: switchFlag() }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const now = ctx.now();
    const [queue, dead, reasons, pauses] = await Promise.all([
      backlog(db),
      db.selectFrom('write_outbox').select((eb) => ['portal_id', eb.fn.countAll<number>().as('n')]).where('status', '=', 'failed').groupBy('portal_id').execute(),
      db
        .selectFrom('write_outbox')
        .select((eb) => ['portal_id', 'wait_reason', eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'pending')
        .where('wait_reason', 'is not', null)
        .groupBy(['portal_id', 'wait_reason'])
        .execute(),
      db.selectFrom('portal_delivery').select(['portal_id', 'blocked_until', 'breaker_open_until']).execute(),
    ]);
    const portals = [...new Set([...queue.map((q) => q.portal_id), ...dead.map((d) => d.portal_id)])].sort();
    const rows = portals.map((portal) => {
      const mine = queue.filter((q) => q.portal_id === portal);
      const oldest = Math.min(...mine.map((q) => q.oldest ?? Infinity));
      const p = pauses.find((x) => x.portal_id === portal);
      const pausedUntil = Math.max(p?.blocked_until ?? 0, p?.breaker_open_until ?? 0);
      return {
        portal,
        pending: mine.find((q) => q.status === 'pending')?.n ?? 0,
        delivering: mine.find((q) => q.status === 'delivering')?.n ?? 0,
        oldestAgeSeconds: Number.isFinite(oldest) ? Math.round((now - oldest) / 1000) : null,
        waiting: reasons.filter((r) => r.portal_id === portal).map((r) => `${r.wait_reason}:${Number(r.n)}`).join(' ') || null,
        deadLetters: Number(dead.find((d) => d.portal_id === portal)?.n ?? 0),
        pausedForSeconds: pausedUntil > now ? Math.ceil((pausedUntil - now) / 1000) : 0,
      };
    });
    if (f.json) {
      ctx.stdout.write(jsonLines(rows));
      return EXIT.ok;
    }
    ctx.stdout.write(table(rows.map((r) => ({ ...r, oldest: r.oldestAgeSeconds === null ? null : age(r.oldestAgeSeconds * 1000) })), ['portal', 'pending', 'delivering', 'oldest', 'waiting', 'deadLetters', 'pausedForSeconds']));
    const total = rows.reduce((s, r) => s + r.pending + r.delivering, 0);
    line(ctx.stdout, `${total} write(s) waiting; ${rows.reduce((s, r) => s + r.deadLetters, 0)} dead letter(s) (see: outbox dead)`);
    return EXIT.ok;
  },
});
