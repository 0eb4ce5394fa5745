import { z } from 'zod';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { writeAudit } from '../../audit/write';
import { defineCommand, EXIT, line } from '../command';

/**
 * Deletes a dead letter for good (it will never be sent). The audit log keeps the acceptance and
 * gets a `crm.write.dropped` row. Only failed writes can be dropped, and only with --yes: a
 * pending write is the user's, and dropping it would silently lose their change.
 */
export const outboxDropCommand = defineCommand({
  name: 'outbox drop',
  summary: 'delete a dead letter for good',
  usage: ['--id <write id>   from outbox dead', '--yes             confirm'],
  flags: z.strictObject({ id: z.string().min(1).max(64), yes: z.literal(true, { error: 'is required to drop a write for good' }).optional() }),
  async run(ctx, f) {
    const db = ctx.database().db;
    const row = await db.selectFrom('write_outbox').select(['id', 'workspace_id', 'contact_id', 'object_type', 'kind', 'status', 'member_id']).where('id', '=', f.id).executeTakeFirst();
    if (!row) {
      line(ctx.stderr, `outbox drop: no write with id ${f.id}.`);
      return EXIT.failed;
    }
    if (row.status !== 'failed') {
      line(ctx.stderr, `outbox drop: write ${row.id} is ${row.status}; only dead letters (failed) can be dropped.`);
      return EXIT.failed;
    }
    if (!f.yes) {
      line(ctx.stderr, `outbox drop: this deletes the ${row.kind} write ${row.id} for ${CRM_OBJECTS[row.object_type].singular} ${row.contact_id} for good. Add --yes to confirm.`);
      return EXIT.usage;
    }
    const now = ctx.now();
    const dropped = await db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('write_outbox').where('id', '=', row.id).where('status', '=', 'failed').executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) return false;
      await writeAudit(trx, { workspaceId: row.workspace_id, action: 'crm.write.dropped', targetType: CRM_OBJECTS[row.object_type].singular, targetId: row.contact_id, result: 'ok', details: { writeId: row.id, kind: row.kind, objectType: row.object_type, memberId: row.member_id, by: 'operator_cli' }, at: now });
      return true;
    });
    if (!dropped) {
      line(ctx.stderr, `outbox drop: write ${row.id} changed meanwhile (retried?); nothing dropped.`);
      return EXIT.failed;
    }
    line(ctx.stdout, `outbox drop: write ${row.id} deleted; it will not be sent.`);
    return EXIT.ok;
  },
});
