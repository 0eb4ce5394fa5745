import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AuditExportQuery } from '../../../lib/contract/api/audit';
import { writeAudit } from '../../audit/write';
import type { Database } from '../../db/schema';
import { signedIn } from '../../http/authenticate';
import { auditRows, CSV_HEADER, formatAuditRow } from '../../services/audit/export';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<Kysely<Database>>();

/** Audit under /api/v1, admins only (on `app.adminRoutes` by way of the admin hook). */
export const auditTable: RouteTable<Kysely<Database>> = {
  prefix: '/api/v1',
  routes: [
    // Admins download their own workspace's audit log; the workspace comes from the session only.
    route({
      method: 'GET',
      url: '/audit/export',
      auth: 'admin',
      // No response schema: the answer is a CSV or JSON-lines stream, which Fastify sends as is
      // (a serializer never sees it); each line is built from the audit columns by formatAuditRow.
      schema: { querystring: AuditExportQuery, response: {} },
      handle: async (db, req, reply) => {
        const me = signedIn(req);
        const q = req.query;
        const range = { ...(q.from ? { from: Date.parse(q.from) } : {}), ...(q.to ? { to: Date.parse(q.to) } : {}) };
        await writeAudit(db, { workspaceId: me.workspaceId, actorMemberId: me.memberId, action: 'audit.export', targetType: 'workspace', targetId: me.workspaceId, result: 'ok', details: q });
        async function* body() {
          if (q.format === 'csv') yield CSV_HEADER;
          for await (const row of auditRows(db, me.workspaceId, range)) yield formatAuditRow(row, q.format);
        }
        const stamp = new Date().toISOString().slice(0, 10);
        reply.header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="portside-audit-${stamp}.${q.format === 'csv' ? 'csv' : 'jsonl'}"`);
        return reply.send(Readable.from(body()));
      },
    }),
  ],
};

export const auditRoutes = (app: FastifyInstance, db: Kysely<Database>) => mountRoutes(app, auditTable, db);
