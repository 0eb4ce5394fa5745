import type { FastifyInstance } from 'fastify';
import { ConfirmRequest, TicketIdParams } from '../../../../lib/api/install';
import type { InstallService } from '../../../services/install/service';
import { parseOr400, respond } from '../respond';
import { installCaller } from './caller';

/** `POST /api/v1/install/tickets/:ticketId/confirm` (admin): replace the connected portal, or not. */
export function confirmTicketRoute(app: FastifyInstance, service: InstallService) {
  app.post('/install/tickets/:ticketId/confirm', async (req, reply) => {
    const params = parseOr400(TicketIdParams, req.params, reply);
    const body = params && parseOr400(ConfirmRequest, req.body, reply);
    if (!params || !body) return reply;
    return respond(reply, await service.confirmTicket(installCaller(req), params.ticketId, body));
  });
}
