import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CompleteRequest, ConfirmRequest, CreateTicketRequest, CreateTicketResponse, DisconnectRequest, DisconnectResponse, InstallStatusResponse, TicketIdParams, TicketView } from '../../../lib/contract/api/install';
import { signedIn } from '../../http/authenticate';
import type { InstallService } from '../../services/install/service';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<InstallService>();
// These bodies are optional: no body (or JSON null) means all defaults.
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => v ?? {}, schema);
const ticket = { params: TicketIdParams, response: { 200: TicketView } };

/**
 * The install API under /api/v1 (contract: lib/contract/api/install.ts): the status for members, the rest
 * for admins, whose hook checks the role before the body is read. The caller is the session's
 * member, never the request body; tickets are visible only to the admin who made them.
 */
export const installTable: RouteTable<InstallService> = {
  prefix: '/api/v1',
  routes: [
    // Connected / needs reconnect / not connected; health for admins.
    route({ method: 'GET', url: '/install', auth: 'member', schema: { response: { 200: InstallStatusResponse } }, handle: async (s, req, reply) => respond(reply, await s.status(signedIn(req))) }),
    // A one-time start link bound to this session.
    route({
      method: 'POST',
      url: '/install/tickets',
      auth: 'admin',
      schema: { body: optional(CreateTicketRequest), response: { 201: CreateTicketResponse } },
      handle: async (s, req, reply) => respond(reply, await s.createTicket(signedIn(req), req.body), 201),
    }),
    // What the options page polls.
    route({ method: 'GET', url: '/install/tickets/:ticketId', auth: 'admin', schema: ticket, handle: async (s, req, reply) => respond(reply, await s.getTicket(signedIn(req), req.params.ticketId)) }),
    // HubSpot's answer, handed back by the extension that opened the install tab.
    route({
      method: 'POST',
      url: '/install/tickets/:ticketId/complete',
      auth: 'admin',
      schema: { ...ticket, body: CompleteRequest },
      handle: async (s, req, reply) => respond(reply, await s.completeTicket(signedIn(req), req.params.ticketId, req.body)),
    }),
    // Replace the connected portal, or not.
    route({
      method: 'POST',
      url: '/install/tickets/:ticketId/confirm',
      auth: 'admin',
      schema: { ...ticket, body: ConfirmRequest },
      handle: async (s, req, reply) => respond(reply, await s.confirmTicket(signedIn(req), req.params.ticketId, req.body)),
    }),
    // Revoke at HubSpot, delete locally.
    route({
      method: 'POST',
      url: '/install/disconnect',
      auth: 'admin',
      schema: { body: optional(DisconnectRequest), response: { 200: DisconnectResponse } },
      handle: async (s, req, reply) => respond(reply, await s.disconnect(signedIn(req), req.body)),
    }),
  ],
};

/** Needs `app.auth` from installAuthentication (registered by the accounts routes). */
export const installApiRoutes = (app: FastifyInstance, service: InstallService) => mountRoutes(app, installTable, service);
