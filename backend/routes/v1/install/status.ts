import type { FastifyInstance } from 'fastify';
import type { InstallService } from '../../../services/install/service';
import { respond } from '../respond';
import { installCaller } from './caller';

/** `GET /api/v1/install` (member): connected / needs reconnect / not connected; health for admins. */
export function installStatusRoute(app: FastifyInstance, service: InstallService) {
  app.get('/install', async (req, reply) => respond(reply, await service.status(installCaller(req))));
}
