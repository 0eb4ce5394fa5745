import type { FastifyInstance } from 'fastify';
import { TicketIdParams } from '../../../../lib/api/install';
import type { InstallService } from '../../../services/install/service';
import { parseOr400, respond } from '../respond';
import { installCaller } from './caller';

/** `GET /api/v1/install/tickets/:ticketId` (admin, own tickets): what the options page polls. */
export function getTicketRoute(app: FastifyInstance, service: InstallService) {
  app.get('/install/tickets/:ticketId', async (req, reply) => {
    const params = parseOr400(TicketIdParams, req.params, reply);
    if (!params) return reply;
    return respond(reply, await service.getTicket(installCaller(req), params.ticketId));
  });
}
