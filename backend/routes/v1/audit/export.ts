import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AuditExportQuery } from '../../../../lib/api/audit';
import type { Database } from '../../../db/schema';
import { writeAudit } from '../../../audit/write';
import { auditRows, CSV_HEADER, formatAuditRow } from '../../../services/audit/export';
import { sendError } from '../../../http/errors';

/** Admins download their own workspace's audit log; the workspace comes from the session only. */
export function auditExportRoute(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/audit/export', async (req, reply) => {
    const q = AuditExportQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'bad_request', 'Use format=jsonl|csv and ISO dates for from/to (from before to).');
    const me = req.member!;
    const { format } = q.data;
    const range = { ...(q.data.from ? { from: Date.parse(q.data.from) } : {}), ...(q.data.to ? { to: Date.parse(q.data.to) } : {}) };
    await writeAudit(db, { workspaceId: me.workspaceId, actorMemberId: me.memberId, action: 'audit.export', targetType: 'workspace', targetId: me.workspaceId, result: 'ok', details: q.data });
    async function* body() {
      if (format === 'csv') yield CSV_HEADER;
      for await (const row of auditRows(db, me.workspaceId, range)) yield formatAuditRow(row, format);
    }
    const stamp = new Date().toISOString().slice(0, 10);
    reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="portside-audit-${stamp}.${format === 'csv' ? 'csv' : 'jsonl'}"`);
    return reply.send(Readable.from(body()));
  });
}
