import type { FastifyInstance } from 'fastify';
import { ContactPropertiesResponse, EditablePropertiesQuery, EditablePropertiesResponse, ObjectPropertiesParams, ObjectPropertiesResponse, SetEditablePropertiesBody } from '../../../lib/contract/api/settings';
import { CallOutcomesResponse, TaskOptionsResponse } from '../../../lib/contract/api/writes';
import { ok } from '../../../lib/contract/errors';
import { signedIn } from '../../http/authenticate';
import { listObjectProperties, loadAllowlist, setEditableProperties, type SettingsDeps } from '../../services/settings/editable-properties';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<SettingsDeps>();

/**
 * Write settings under /api/v1/settings: any member reads the editable properties and the
 * portal's task options and call outcomes (the panel's forms); only admins change them or list the portal's
 * property definitions for the picker. Editable properties are per CRM object (`?objectType=`,
 * absent = contacts, as older panels and options pages ask).
 */
export const settingsTable: RouteTable<SettingsDeps> = {
  prefix: '/api/v1/settings',
  routes: [
    route({
      method: 'GET',
      url: '/editable-properties',
      auth: 'member',
      schema: { querystring: EditablePropertiesQuery, response: { 200: EditablePropertiesResponse } },
      handle: async (deps, req, reply) => respond(reply, ok(await loadAllowlist(deps.db, signedIn(req).workspaceId, req.query.objectType))),
    }),
    route({ method: 'GET', url: '/task-options', auth: 'member', schema: { response: { 200: TaskOptionsResponse } }, handle: async (deps, req, reply) => respond(reply, await deps.taskOptions(signedIn(req).workspaceId)) }),
    route({ method: 'GET', url: '/call-outcomes', auth: 'member', schema: { response: { 200: CallOutcomesResponse } }, handle: async (deps, req, reply) => respond(reply, await deps.callOutcomes(signedIn(req).workspaceId)) }),
    route({
      method: 'PUT',
      url: '/editable-properties',
      auth: 'admin',
      schema: { querystring: EditablePropertiesQuery, body: SetEditablePropertiesBody, response: { 200: EditablePropertiesResponse } },
      handle: async (deps, req, reply) => respond(reply, await setEditableProperties(deps, signedIn(req), req.body, req.id, req.query.objectType)),
    }),
    route({
      method: 'GET',
      url: '/contact-properties',
      auth: 'admin',
      schema: { response: { 200: ContactPropertiesResponse } },
      handle: async (deps, req, reply) => respond(reply, await listObjectProperties(deps, signedIn(req))),
    }),
    route({
      method: 'GET',
      url: '/object-properties/:objectType',
      auth: 'admin',
      schema: { params: ObjectPropertiesParams, response: { 200: ObjectPropertiesResponse } },
      handle: async (deps, req, reply) => respond(reply, await listObjectProperties(deps, signedIn(req), req.params.objectType)),
    }),
  ],
};

export const settingsRoutes = (app: FastifyInstance, deps: SettingsDeps) => mountRoutes(app, settingsTable, deps);
