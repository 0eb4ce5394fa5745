import type { FastifyInstance } from 'fastify';
import type { InstallService } from '../../../services/install/service';
import { completeTicketRoute } from './complete-ticket';
import { confirmTicketRoute } from './confirm-ticket';
import { createTicketRoute } from './create-ticket';
import { disconnectRoute } from './disconnect';
import { getTicketRoute } from './get-ticket';
import { installStatusRoute } from './status';

type Route = (app: FastifyInstance, service: InstallService) => void;

const MEMBER: Route[] = [installStatusRoute];
const ADMIN: Route[] = [createTicketRoute, getTicketRoute, completeTicketRoute, confirmTicketRoute, disconnectRoute];

/**
 * The install API under /api/v1 (contract: lib/api/install.ts), in a member scope and an admin
 * scope whose hook checks the role before the body is read, so no admin route can forget it.
 * Needs `app.auth` from installAuthentication (registered by the accounts routes).
 */
export async function installApiRoutes(app: FastifyInstance, service: InstallService) {
  await app.register(
    async (v1) => {
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.member);
        for (const r of MEMBER) r(scope, service);
      });
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.admin);
        for (const r of ADMIN) r(scope, service);
      });
    },
    { prefix: '/api/v1' },
  );
}
