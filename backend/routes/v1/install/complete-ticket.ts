import type { FastifyInstance } from 'fastify';
import { CompleteRequest, TicketIdParams } from '../../../../lib/api/install';
import type { InstallService } from '../../../services/install/service';
import { parseOr400, respond } from '../respond';
import { installCaller } from './caller';

/** `POST /api/v1/install/tickets/:ticketId/complete` (admin, own tickets): HubSpot's answer, handed back by the extension that opened the install tab. */
export function completeTicketRoute(app: FastifyInstance, service: InstallService) {
  app.post('/install/tickets/:ticketId/complete', async (req, reply) => {
    const params = parseOr400(TicketIdParams, req.params, reply);
    const body = params && parseOr400(CompleteRequest, req.body, reply);
    if (!params || !body) return reply;
    return respond(reply, await service.completeTicket(installCaller(req), params.ticketId, body));
  });
}
