import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordView, RecordViewParams } from '../../../lib/contract/api/records';
import { signedIn } from '../../http/authenticate';
import { sendInvalidInput } from '../../http/errors';
import { inputIssues } from '../../http/route-schemas';
import type { AccessDeps } from '../../services/access/deps';
import { viewRecord } from '../../services/records/view';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<AccessDeps>();

/** Record routes under /api/v1, for any signed-in member. */
export const recordTable: RouteTable<AccessDeps> = {
  prefix: '/api/v1',
  routes: [
    // The panel's verdict and summary.
    route({
      method: 'GET',
      url: '/portals/:portalId/contacts/:contactId/view',
      auth: 'member',
      schema: { params: RecordViewParams, response: { 200: RecordView } },
      handle: async (deps, req, reply) => respond(reply, await viewRecord(deps, signedIn(req), req.params.portalId, req.params.contactId, { correlationId: req.id })),
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
export const recordRoutes = (app: FastifyInstance, deps: AccessDeps) => mountRoutes(app, recordTable, deps, paramsBeforeSession);
