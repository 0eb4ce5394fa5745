import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateWriteBody, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, WriteIdParams, WriteListQuery, WriteParams, WriteResponse, WriteView } from '../../../lib/contract/api/writes';
import { signedIn } from '../../http/authenticate';
import { sendFailure } from '../../http/errors';
import { acceptWrite } from '../../services/writes/accept';
import type { WritesDeps } from '../../services/writes/deps';
import { getWriteFor, listRecordWrites, retryWrite } from '../../services/writes/queries';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<WritesDeps>();
const oneWrite = { params: WriteIdParams, response: { 200: WriteResponse } };

/** The write API under /api/v1, every route for members (the services decide what an admin sees beyond their own writes). */
export const writesTable: RouteTable<WritesDeps> = {
  prefix: '/api/v1',
  routes: [
    // With `Idempotency-Key`: 202 for a newly accepted write, 200 (`Idempotent-Replayed: true`) for a repeat of one.
    route({
      method: 'POST',
      url: '/portals/:portalId/contacts/:contactId/writes',
      auth: 'member',
      // Loose: the other request headers pass through untouched.
      schema: { params: WriteParams, headers: z.looseObject({ [IDEMPOTENCY_KEY_HEADER]: IdempotencyKey }), body: CreateWriteBody, response: { 200: WriteResponse, 202: WriteResponse } },
      handle: async (deps, req, reply) => {
        const result = await acceptWrite(deps, signedIn(req), req.params, req.headers[IDEMPOTENCY_KEY_HEADER], req.body, req.id);
        if (!result.ok) return sendFailure(reply, result);
        if (result.data.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(result.data.replayed ? 200 : 202).send({ write: result.data.write });
      },
    }),
    // Admins: the record's history; reps: their own.
    route({
      method: 'GET',
      url: '/portals/:portalId/contacts/:contactId/writes',
      auth: 'member',
      schema: { params: WriteParams, querystring: WriteListQuery, response: { 200: z.object({ writes: z.array(WriteView) }) } },
      handle: async (deps, req, reply) => {
        const r = await listRecordWrites(deps, signedIn(req), req.params, req.query.limit);
        return respond(reply, r.ok ? { ok: true, data: { writes: r.data } } : r);
      },
    }),
    // The author or an admin.
    route({
      method: 'GET',
      url: '/writes/:writeId',
      auth: 'member',
      schema: oneWrite,
      handle: async (deps, req, reply) => {
        const r = await getWriteFor(deps, signedIn(req), req.params.writeId);
        return respond(reply, r.ok ? { ok: true, data: { write: r.data } } : r);
      },
    }),
    // A failed write back to the outbox (409 otherwise).
    route({
      method: 'POST',
      url: '/writes/:writeId/retry',
      auth: 'member',
      schema: oneWrite,
      handle: async (deps, req, reply) => {
        const r = await retryWrite(deps, signedIn(req), req.params.writeId, req.id);
        return respond(reply, r.ok ? { ok: true, data: { write: r.data } } : r);
      },
    }),
  ],
};

/** Register after `installAuthentication`. */
export const writesRoutes = (app: FastifyInstance, deps: WritesDeps) => mountRoutes(app, writesTable, deps);
