import type { FastifyRequest } from 'fastify';
import { signedIn } from '../../../http/authenticate';
import type { InstallCaller } from '../../../services/install/tickets';

/** The install services' view of the signed-in caller (from the session, never the request body). */
export function installCaller(req: FastifyRequest): InstallCaller {
  const m = signedIn(req);
  return { memberId: m.memberId, workspaceId: m.workspaceId, sessionId: m.sessionId, role: m.role };
}
