import { z } from 'zod';
import { SessionResponse, SignInRequest } from '../../../lib/contract/api/accounts';
import { signedIn } from '../../http/authenticate';
import type { AccountsDeps } from '../../services/accounts/deps';
import { signOut } from '../../services/accounts/sessions';
import { signIn } from '../../services/accounts/sign-in';
import { requestContext, respond } from './respond';
import { routeFor, type RouteTable } from './route';

const route = routeFor<AccountsDeps>();

/** Signing in and out under /api/v1/auth. */
export const authRoutes: RouteTable<AccountsDeps> = {
  prefix: '/api/v1',
  routes: [
    // Public: email + password → a session.
    route({
      method: 'POST',
      url: '/auth/sign-in',
      auth: 'public',
      schema: { body: SignInRequest, response: { 200: SessionResponse } },
      handle: async (deps, req, reply) => respond(reply, await signIn(deps, req.body, requestContext(req))),
    }),
    // Ends the calling session; its token is useless afterwards.
    route({
      method: 'POST',
      url: '/auth/sign-out',
      auth: 'member',
      schema: { response: { 204: z.undefined() } },
      handle: async (deps, req, reply) => {
        await signOut(deps, signedIn(req));
        return reply.status(204).send();
      },
    }),
  ],
};
