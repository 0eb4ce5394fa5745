import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../../lib/errors';
import type { AccountsDeps } from '../services/accounts/deps';
import { authenticateBearer, type AuthenticatedMember } from '../services/accounts/sessions';
import { sendFailure } from './errors';

export type { AuthenticatedMember };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, set by the `member`/`admin` hooks; null on public routes. */
    member: AuthenticatedMember | null;
  }
  interface FastifyInstance {
    /**
     * onRequest hooks for routes that need a session: `member` (any active member) and `admin`.
     * Use them on an encapsulated scope (`scope.addHook('onRequest', app.auth.member)`) so no
     * route in it can forget the check. They run before the body is read.
     */
    auth: { member: AuthHook; admin: AuthHook };
  }
}

type AuthHook = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function installAuthentication(app: FastifyInstance, deps: AccountsDeps) {
  app.decorateRequest('member', null);
  const member: AuthHook = async (req, reply) => {
    const result = await authenticateBearer(deps, req.headers.authorization);
    if (!result.ok) return sendFailure(reply, result);
    req.member = result.data;
  };
  const admin: AuthHook = async (req, reply) => {
    const result = await authenticateBearer(deps, req.headers.authorization);
    if (!result.ok) return sendFailure(reply, result);
    req.member = result.data;
    // Every method on an admin route answers the same 403 to members: no behaviour to probe.
    if (result.data.role !== 'admin') return sendFailure(reply, fail('forbidden', 'Only workspace admins can do this.'));
  };
  app.decorate('auth', { member, admin });
}

/** The caller on a route inside a `member`/`admin` scope. Throws (→ 500) only if a route was put in the wrong scope. */
export function signedIn(req: FastifyRequest): AuthenticatedMember {
  if (!req.member) throw new Error(`route ${req.routeOptions.url} used signedIn() without an auth hook`);
  return req.member;
}
