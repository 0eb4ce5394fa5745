import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../../lib/contract/errors';
import { changeWatchFor } from '../db/change-watch';
import type { AccountsDeps } from '../services/accounts/deps';
import { authenticateBearer, type AuthenticatedMember } from '../services/accounts/sessions';
import { createRefusalAudit } from '../services/audit/denials';
import { installDenialAudit } from './denial-audit';
import { sendFailure } from './errors';
import { routeTable } from './route-table';

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
    /**
     * Every route (method + template) behind the admin hook, read from the ready app's route
     * table (backend/http/route-table.ts): whichever plugin registered it and however, a route
     * whose onRequest chain runs the admin hook is on this list. Tests call each as a member → 403.
     */
    readonly adminRoutes: ReadonlyArray<{ method: string; url: string }>;
  }
}

type AuthHook = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function installAuthentication(app: FastifyInstance, deps: AccountsDeps) {
  app.decorateRequest('member', null);
  // Named functions: the route table lists hooks by name, and `adminRoutes` finds routes by this one.
  const member: AuthHook = async function requireMember(req, reply) {
    const result = await authenticateBearer(deps, req.headers.authorization);
    if (!result.ok) return sendFailure(reply, result);
    req.member = result.data;
  };
  const admin: AuthHook = async function requireAdmin(req, reply) {
    const result = await authenticateBearer(deps, req.headers.authorization);
    if (!result.ok) return sendFailure(reply, result);
    req.member = result.data;
    // Every method on an admin route answers the same 403 to members: no behaviour to probe.
    if (result.data.role !== 'admin') return sendFailure(reply, fail('forbidden', 'Only workspace admins can do this.'));
  };
  app.decorate('auth', { member, admin });
  app.decorate('adminRoutes', {
    getter: () => routeTable(app).filter((r) => r.onRequest.includes(ADMIN_HOOK)).map(({ method, url }) => ({ method, url })),
  });
  // A write that ends sessions here (sign-out, disable, reset…) is seen by this process's session
  // memo before the answer leaves: the next request re-reads the change feed first. Other
  // instances see it within the feed's poll interval (db/change-watch.ts).
  const changes = changeWatchFor(deps.db);
  app.addHook('onSend', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') changes.markStale();
  });
  // On the root instance, so every route registered after this (in any plugin) is covered.
  installDenialAudit(app, createRefusalAudit({ db: deps.db, now: deps.now, logger: deps.logger }));
}

export const ADMIN_HOOK = 'requireAdmin';
export const MEMBER_HOOK = 'requireMember';

/** The caller on a route inside a `member`/`admin` scope. Throws (→ 500) only if a route was put in the wrong scope. */
export function signedIn(req: FastifyRequest): AuthenticatedMember {
  if (!req.member) throw new Error(`route ${req.routeOptions.url} used signedIn() without an auth hook`);
  return req.member;
}
