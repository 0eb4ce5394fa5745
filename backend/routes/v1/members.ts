import { ChangeRoleRequest, InviteCreatedResponse, InviteMemberRequest, MemberIdParams, MemberListResponse, MemberResponse } from '../../../lib/contract/api/accounts';
import { signedIn } from '../../http/authenticate';
import type { AccountsDeps } from '../../services/accounts/deps';
import { changeRole, inviteMember, listWorkspaceMembers, resetAccess, setMemberEnabled } from '../../services/accounts/members';
import { requestContext, respond } from './respond';
import { routeFor, type RouteTable } from './route';

const route = routeFor<AccountsDeps>();
const member = { params: MemberIdParams, response: { 200: MemberResponse } };

/** The workspace's members under /api/v1/members, admins only. */
export const memberRoutes: RouteTable<AccountsDeps> = {
  prefix: '/api/v1',
  routes: [
    // Everyone in the caller's workspace, with pending invites.
    route({ method: 'GET', url: '/members', auth: 'admin', schema: { response: { 200: MemberListResponse } }, handle: async (deps, req, reply) => respond(reply, await listWorkspaceMembers(deps, signedIn(req))) }),
    // Invites an email; answers the one-time code to pass on.
    route({
      method: 'POST',
      url: '/members',
      auth: 'admin',
      schema: { body: InviteMemberRequest, response: { 201: InviteCreatedResponse } },
      handle: async (deps, req, reply) => respond(reply, await inviteMember(deps, signedIn(req), req.body, requestContext(req)), 201),
    }),
    // The last active admin cannot be demoted.
    route({
      method: 'PUT',
      url: '/members/:memberId/role',
      auth: 'admin',
      schema: { ...member, body: ChangeRoleRequest },
      handle: async (deps, req, reply) => respond(reply, await changeRole(deps, signedIn(req), req.params.memberId, req.body.role, requestContext(req))),
    }),
    // Ends their sessions and invites at once; the last active admin cannot be disabled.
    route({
      method: 'POST',
      url: '/members/:memberId/disable',
      auth: 'admin',
      schema: member,
      handle: async (deps, req, reply) => respond(reply, await setMemberEnabled(deps, signedIn(req), req.params.memberId, false, requestContext(req))),
    }),
    // Lets a disabled member back in (they may need Reset access for a new code).
    route({
      method: 'POST',
      url: '/members/:memberId/enable',
      auth: 'admin',
      schema: member,
      handle: async (deps, req, reply) => respond(reply, await setMemberEnabled(deps, signedIn(req), req.params.memberId, true, requestContext(req))),
    }),
    // Password cleared, sessions ended, a new one-time code.
    route({
      method: 'POST',
      url: '/members/:memberId/reset-access',
      auth: 'admin',
      schema: { params: MemberIdParams, response: { 201: InviteCreatedResponse } },
      handle: async (deps, req, reply) => respond(reply, await resetAccess(deps, signedIn(req), req.params.memberId, requestContext(req)), 201),
    }),
  ],
};
