import type { FastifyInstance } from 'fastify';
import { DisconnectRequest } from '../../../../lib/api/install';
import type { InstallService } from '../../../services/install/service';
import { parseOr400, respond } from '../respond';
import { installCaller } from './caller';

/** `POST /api/v1/install/disconnect` (admin): revoke at HubSpot, delete locally. */
export function disconnectRoute(app: FastifyInstance, service: InstallService) {
  app.post('/install/disconnect', async (req, reply) => {
    const body = parseOr400(DisconnectRequest, req.body ?? {}, reply);
    if (!body) return reply;
    return respond(reply, await service.disconnect(installCaller(req), body));
  });
}
