import type { DeliveryContext } from './context';
import { markFailed } from './outcome';
import type { OutboxRow } from '../../db/schema';

export const MEMBER_DISABLED_MESSAGE = 'Not sent: your Portside account was disabled by an admin.';

/**
 * A write is sent on its author's behalf, so the author must still be an active member when it
 * leaves, not only when it was accepted: an admin who disables a member stops their queued
 * writes too. Rows whose member is disabled end as a permanent `member_disabled`
 * failure with a `denied` audit row, before any HubSpot call is made for them; the rest go on.
 * One indexed read per round, whatever the grace for access re-checks says. (Members are
 * disabled, never deleted, so "disabled" is the one state to look for.)
 */
export async function refuseDisabledMembers(ctx: DeliveryContext, rows: OutboxRow[]): Promise<OutboxRow[]> {
  if (!rows.length) return rows;
  const ids = [...new Set(rows.map((r) => r.member_id))];
  const members = await ctx.db.selectFrom('members').select(['id', 'workspace_id', 'status']).where('id', 'in', ids).execute();
  const status = new Map(members.map((m) => [`${m.workspace_id}|${m.id}`, m.status]));
  const keep: OutboxRow[] = [];
  for (const row of rows) {
    if (status.get(`${row.workspace_id}|${row.member_id}`) !== 'disabled') {
      keep.push(row);
      continue;
    }
    await markFailed(
      ctx.db,
      ctx.holder,
      row,
      { code: 'member_disabled', message: MEMBER_DISABLED_MESSAGE, adminAction: null, retryable: false, correlationId: null },
      { denied: true, details: { checkedAt: 'delivery', reason: 'member_disabled' } },
    );
    ctx.held.delete(row.id);
  }
  return keep;
}
