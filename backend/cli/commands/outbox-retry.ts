import { z } from 'zod';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { writeAudit } from '../../audit/write';
import { resetFailed } from '../../services/writes/outbox-store';
import { defineCommand, EXIT, line } from '../command';

/**
 * A dead letter back into the outbox (after its cause is fixed: scope granted, property fixed).
 * It goes through the normal path again, including the access check at delivery. Running
 * instances pick it up at their next poll.
 */
export const outboxRetryCommand = defineCommand({
  name: 'outbox retry',
  summary: 'put a dead letter back into the outbox',
  usage: ['--id <write id>   from outbox dead'],
  flags: z.strictObject({ id: z.string().min(1).max(64) }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const row = await db.selectFrom('write_outbox').select(['id', 'workspace_id', 'contact_id', 'object_type', 'status']).where('id', '=', f.id).executeTakeFirst();
    if (!row) {
      line(ctx.stderr, `outbox retry: no write with id ${f.id}.`);
      return EXIT.failed;
    }
    const now = ctx.now();
    const reset = await db.transaction().execute(async (trx) => {
      const changed = await resetFailed(trx, row.workspace_id, row.id, now);
      if (changed) {
        await writeAudit(trx, { workspaceId: row.workspace_id, action: 'crm.write.retry', targetType: CRM_OBJECTS[row.object_type].singular, targetId: row.contact_id, result: 'ok', details: { writeId: row.id, by: 'operator_cli' }, at: now });
      }
      return changed;
    });
    if (!reset) {
      line(ctx.stderr, `outbox retry: write ${row.id} is ${row.status}, not failed; only dead letters can be retried.`);
      return EXIT.failed;
    }
    line(ctx.stdout, `outbox retry: write ${row.id} is pending again; a running instance will deliver it.`);
    return EXIT.ok;
  },
});
