import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConfirmRequest, CreateTicketRequest, DisconnectRequest, TicketIdParams } from '../../../../lib/api/install';
import { signedIn } from '../../../http/authenticate';
import type { InstallService } from '../../../services/install/service';
import type { InstallCaller } from '../../../services/install/tickets';
import { parseOr400, respond } from '../respond';

/**
 * The install API under /api/v1/install (contract: lib/api/install.ts). Admin routes sit in a
 * scope whose hook checks the admin role before the body is read; the status route is open to
 * every member (the panel needs connected / needs-reconnect), with health for admins only.
 * Needs `app.auth` from installAuthentication (registered by the accounts routes).
 */

function caller(req: FastifyRequest): InstallCaller {
  const m = signedIn(req);
  return { memberId: m.memberId, workspaceId: m.workspaceId, sessionId: m.sessionId, role: m.role };
}

export async function installApiRoutes(app: FastifyInstance, service: InstallService) {
  await app.register(
    async (v1) => {
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.member);
        scope.get('/install', async (req, reply) => respond(reply, await service.status(caller(req))));
      });
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.admin);
        scope.post('/install/tickets', async (req, reply) => {
          const body = parseOr400(CreateTicketRequest, req.body ?? {}, reply);
          if (!body) return reply;
          return respond(reply, await service.createTicket(caller(req), body), 201);
        });
        scope.get('/install/tickets/:ticketId', async (req, reply) => {
          const params = parseOr400(TicketIdParams, req.params, reply);
          if (!params) return reply;
          return respond(reply, await service.getTicket(caller(req), params.ticketId));
        });
        scope.post('/install/tickets/:ticketId/confirm', async (req, reply) => {
          const params = parseOr400(TicketIdParams, req.params, reply);
          const body = params && parseOr400(ConfirmRequest, req.body, reply);
          if (!params || !body) return reply;
          return respond(reply, await service.confirmTicket(caller(req), params.ticketId, body));
        });
        scope.post('/install/disconnect', async (req, reply) => {
          const body = parseOr400(DisconnectRequest, req.body ?? {}, reply);
          if (!body) return reply;
          return respond(reply, await service.disconnect(caller(req), body));
        });
      });
    },
    { prefix: '/api/v1' },
  );
}
