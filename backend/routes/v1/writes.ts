import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { CreateWriteBody, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, ObjectWriteParams, WriteIdParams, WriteListQuery, WriteParams, WriteResponse, WriteView } from '../../../lib/contract/api/writes';
import { signedIn } from '../../http/authenticate';
import { sendFailure } from '../../http/errors';
import { acceptWrite } from '../../services/writes/accept';
import type { WritesDeps } from '../../services/writes/deps';
import { getWriteFor, listRecordWrites, retryWrite } from '../../services/writes/queries';
import { contactTarget, type WriteTarget } from '../../services/writes/target';
import type { Caller } from '../../services/caller';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<WritesDeps>();
const oneWrite = { params: WriteIdParams, response: { 200: WriteResponse } };
const writeHeaders = z.looseObject({ [IDEMPOTENCY_KEY_HEADER]: IdempotencyKey });
const listResponse = { 200: z.object({ writes: z.array(WriteView) }) };

async function accept(deps: WritesDeps, caller: Caller<'role'>, target: WriteTarget, key: string, body: CreateWriteBody, correlationId: string, reply: FastifyReply) {
  const result = await acceptWrite(deps, caller, target, key, body, correlationId);
  if (!result.ok) return sendFailure(reply, result);
  if (result.data.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.data.replayed ? 200 : 202).send({ write: result.data.write });
}

async function list(deps: WritesDeps, caller: Caller<'role'>, target: WriteTarget, limit: number, reply: FastifyReply) {
  const r = await listRecordWrites(deps, caller, target, limit);
  return respond(reply, r.ok ? { ok: true, data: { writes: r.data } } : r);
}

/** The write API under /api/v1, every route for members (the services decide what an admin sees beyond their own writes). */
export const writesTable: RouteTable<WritesDeps> = {
  prefix: '/api/v1',
  routes: [
    // With `Idempotency-Key`: 202 for a newly accepted write, 200 (`Idempotent-Replayed: true`) for a repeat of one.
    // Header schema loose: the other request headers pass through untouched.
    route({
      method: 'POST',
      url: '/portals/:portalId/objects/:objectType/:recordId/writes',
      auth: 'member',
      schema: { params: ObjectWriteParams, headers: writeHeaders, body: CreateWriteBody, response: { 200: WriteResponse, 202: WriteResponse } },
      handle: async (deps, req, reply) => accept(deps, signedIn(req), req.params, req.headers[IDEMPOTENCY_KEY_HEADER], req.body, req.id, reply),
    }),
    // Admins: the record's history; reps: their own.
    route({
      method: 'GET',
      url: '/portals/:portalId/objects/:objectType/:recordId/writes',
      auth: 'member',
      schema: { params: ObjectWriteParams, querystring: WriteListQuery, response: listResponse },
      handle: async (deps, req, reply) => list(deps, signedIn(req), req.params, req.query.limit, reply),
    }),
    // The contact routes of panels from before other objects (still in stores for weeks): the same writes on object 0-1.
    route({
      method: 'POST',
      url: '/portals/:portalId/contacts/:contactId/writes',
      auth: 'member',
      schema: { params: WriteParams, headers: writeHeaders, body: CreateWriteBody, response: { 200: WriteResponse, 202: WriteResponse } },
      handle: async (deps, req, reply) => accept(deps, signedIn(req), contactTarget(req.params), req.headers[IDEMPOTENCY_KEY_HEADER], req.body, req.id, reply),
    }),
    route({
      method: 'GET',
      url: '/portals/:portalId/contacts/:contactId/writes',
      auth: 'member',
      schema: { params: WriteParams, querystring: WriteListQuery, response: listResponse },
      handle: async (deps, req, reply) => list(deps, signedIn(req), contactTarget(req.params), req.query.limit, reply),
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
