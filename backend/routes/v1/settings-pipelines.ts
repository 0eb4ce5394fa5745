import type { FastifyInstance } from 'fastify';
import { PipelineAccessBody, PipelineAccessParams, PipelineAccessResponse } from '../../../lib/contract/api/settings';
import { signedIn } from '../../http/authenticate';
import { getPipelineAccess, setPipelineAccess, type PipelineAccessDeps } from '../../services/settings/pipeline-access';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<PipelineAccessDeps>();

/**
 * Pipeline access under /api/v1/settings (admins): who may see each deal or ticket pipeline, as
 * mirrored from HubSpot, for the ownership fallback. `:objectType` is `0-3` (deals) or `0-5` (tickets).
 */
export const settingsPipelinesTable: RouteTable<PipelineAccessDeps> = {
  prefix: '/api/v1/settings',
  routes: [
    route({
      method: 'GET',
      url: '/pipeline-access/:objectType',
      auth: 'admin',
      schema: { params: PipelineAccessParams, response: { 200: PipelineAccessResponse } },
      handle: async (deps, req, reply) => respond(reply, await getPipelineAccess(deps, signedIn(req), req.params.objectType)),
    }),
    route({
      method: 'PUT',
      url: '/pipeline-access/:objectType',
      auth: 'admin',
      schema: { params: PipelineAccessParams, body: PipelineAccessBody, response: { 200: PipelineAccessResponse } },
      handle: async (deps, req, reply) => respond(reply, await setPipelineAccess(deps, signedIn(req), req.params.objectType, req.body, req.id)),
    }),
  ],
};

export const settingsPipelinesRoutes = (app: FastifyInstance, deps: PipelineAccessDeps) => mountRoutes(app, settingsPipelinesTable, deps);
