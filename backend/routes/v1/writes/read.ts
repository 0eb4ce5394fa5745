import type { FastifyInstance } from 'fastify';
import { WriteIdParams, WriteListQuery, WriteParams } from '../../../../lib/api/writes';
import { signedIn } from '../../../http/authenticate';
import type { WritesDeps } from '../../../services/writes/deps';
import { getWriteFor, listRecordWrites, retryWrite } from '../../../services/writes/queries';
import { parseOr400, respond } from '../respond';

const callerOf = (m: ReturnType<typeof signedIn>) => ({ memberId: m.memberId, workspaceId: m.workspaceId, role: m.role });

/** `GET /api/v1/writes/:writeId` — the author or an admin. */
export function getWriteRoute(app: FastifyInstance, deps: WritesDeps) {
  app.get('/writes/:writeId', async (req, reply) => {
    const params = parseOr400(WriteIdParams, req.params, reply);
    if (!params) return reply;
    const r = await getWriteFor(deps, callerOf(signedIn(req)), params.writeId);
    return respond(reply, r.ok ? { ok: true, data: { write: r.data } } : r);
  });
}

/** `POST /api/v1/writes/:writeId/retry` — a failed write back to the outbox (409 otherwise). */
export function retryWriteRoute(app: FastifyInstance, deps: WritesDeps) {
  app.post('/writes/:writeId/retry', async (req, reply) => {
    const params = parseOr400(WriteIdParams, req.params, reply);
    if (!params) return reply;
    const r = await retryWrite(deps, callerOf(signedIn(req)), params.writeId, req.id);
    return respond(reply, r.ok ? { ok: true, data: { write: r.data } } : r);
  });
}

/** `GET /api/v1/portals/:portalId/contacts/:contactId/writes?limit=` — admins: the record's history; reps: their own. */
export function listRecordWritesRoute(app: FastifyInstance, deps: WritesDeps) {
  app.get('/portals/:portalId/contacts/:contactId/writes', async (req, reply) => {
    const params = parseOr400(WriteParams, req.params, reply);
    const query = params && parseOr400(WriteListQuery, req.query, reply);
    if (!params || !query) return reply;
    const r = await listRecordWrites(deps, callerOf(signedIn(req)), params, query.limit);
    return respond(reply, r.ok ? { ok: true, data: { writes: r.data } } : r);
  });
}
