import { AcceptInviteRequest, InspectInviteRequest, InviteInfoResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import type { AccountsDeps } from '../../services/accounts/deps';
import { acceptInvite, inspectInvite } from '../../services/accounts/invites';
import { requestContext, respond } from './respond';
import { routeFor, type RouteTable } from './route';

const route = routeFor<AccountsDeps>();

/** Invite codes (public). POST, so a code stays out of URLs and logs. */
export const inviteRoutes: RouteTable<AccountsDeps> = {
  prefix: '/api/v1',
  routes: [
    // What an invite code is for (email, workspace).
    route({
      method: 'POST',
      url: '/invites/inspect',
      auth: 'public',
      schema: { body: InspectInviteRequest, response: { 200: InviteInfoResponse } },
      handle: async (deps, req, reply) => respond(reply, await inspectInvite(deps, req.body.code)),
    }),
    // Sets the password and signs in; the code is then spent.
    route({
      method: 'POST',
      url: '/invites/accept',
      auth: 'public',
      schema: { body: AcceptInviteRequest, response: { 200: SessionResponse } },
      handle: async (deps, req, reply) => respond(reply, await acceptInvite(deps, req.body, requestContext(req))),
    }),
  ],
};
