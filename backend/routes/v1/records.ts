import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ObjectRecordParams, ObjectRecordView, RecordView, RecordViewParams } from '../../../lib/contract/api/records';
import { signedIn } from '../../http/authenticate';
import { sendInvalidInput } from '../../http/errors';
import { inputIssues } from '../../http/route-schemas';
import type { RecordsDeps } from '../../services/records/create';
import { viewRecord } from '../../services/records/legacy';
import { viewObjectRecord } from '../../services/records/view';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<RecordsDeps>();

/** Record routes under /api/v1, for any signed-in member. */
export const recordTable: RouteTable<RecordsDeps> = {
  prefix: '/api/v1',
  routes: [
    // The panel's verdict and summary, for a contact: the extensions from before objects call this.
    route({
      method: 'GET',
      url: '/portals/:portalId/contacts/:contactId/view',
      auth: 'member',
      schema: { params: RecordViewParams, response: { 200: RecordView } },
      handle: async (deps, req, reply) => respond(reply, await viewRecord(deps, signedIn(req), req.params.portalId, req.params.contactId, { correlationId: req.id })),
    }),
    // The panel's verdict and summary for a record of any object (contacts, companies, deals, tickets).
    route({
      method: 'GET',
      url: '/portals/:portalId/objects/:objectType/:recordId/view',
      auth: 'member',
      schema: { params: ObjectRecordParams, response: { 200: ObjectRecordView } },
      handle: async (deps, req, reply) => respond(reply, await viewObjectRecord(deps, signedIn(req), req.params, { correlationId: req.id })),
    }),
  ],
};

/**
 * Malformed ids are refused before anything else runs (no session lookup, no HubSpot call): this
 * hook runs ahead of the session check, with the route's own params schema.
 */
async function paramsBeforeSession(req: FastifyRequest, reply: FastifyReply) {
  const schema = req.routeOptions.schema?.params;
  const issues = schema instanceof z.ZodType && inputIssues(schema, req.params);
  if (issues) return sendInvalidInput(reply, issues);
}

/** Needs `installAuthentication` to have run (accountsRoutes does it). */
export const recordRoutes = (app: FastifyInstance, deps: RecordsDeps) => mountRoutes(app, recordTable, deps, paramsBeforeSession);
