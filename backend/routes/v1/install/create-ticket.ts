import type { FastifyInstance } from 'fastify';
import { CreateTicketRequest } from '../../../../lib/api/install';
import type { InstallService } from '../../../services/install/service';
import { parseOr400, respond } from '../respond';
import { installCaller } from './caller';

/** `POST /api/v1/install/tickets` (admin): a one-time start link bound to this session. */
export function createTicketRoute(app: FastifyInstance, service: InstallService) {
  app.post('/install/tickets', async (req, reply) => {
    const body = parseOr400(CreateTicketRequest, req.body ?? {}, reply);
    if (!body) return reply;
    return respond(reply, await service.createTicket(installCaller(req), body), 201);
  });
}
