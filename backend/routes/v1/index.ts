import type { FastifyInstance } from 'fastify';
import { installAuthentication } from '../../http/authenticate';
import type { AccountsDeps } from '../../services/accounts/deps';
import { signInRoute } from './auth/sign-in';
import { signOutRoute } from './auth/sign-out';
import { acceptInviteRoute } from './invites/accept';
import { inspectInviteRoute } from './invites/inspect';
import { changePasswordRoute } from './me/change-password';
import { requestEmailCodeRoute, verifyEmailRoute } from './me/email';
import { getMeRoute } from './me/get';
import { updateMeRoute } from './me/update';
import { changeRoleRoute } from './members/change-role';
import { disableMemberRoute } from './members/disable';
import { enableMemberRoute } from './members/enable';
import { inviteMemberRoute } from './members/invite';
import { listMembersRoute } from './members/list';
import { resetAccessRoute } from './members/reset-access';
import { createWorkspaceRoute } from './workspaces/create';
import { verifyWorkspaceRoute } from './workspaces/verify';

type Route = (app: FastifyInstance, deps: AccountsDeps) => void;

const PUBLIC: Route[] = [createWorkspaceRoute, verifyWorkspaceRoute, signInRoute, inspectInviteRoute, acceptInviteRoute];
const SIGNED_IN: Route[] = [signOutRoute, getMeRoute, updateMeRoute, changePasswordRoute, requestEmailCodeRoute, verifyEmailRoute];
const ADMIN: Route[] = [listMembersRoute, inviteMemberRoute, changeRoleRoute, disableMemberRoute, enableMemberRoute, resetAccessRoute];

/**
 * The accounts API under /api/v1, in three scopes. Authentication is a hook on the scope, not a
 * line in each handler, so a route added to the admin list cannot forget the admin check.
 * `app.adminRoutes` (http/authenticate.ts) lists every route behind the admin hook, from the route table.
 */
export async function accountsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  installAuthentication(app, deps);
  await app.register(
    async (v1) => {
      for (const r of PUBLIC) r(v1, deps);
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.member);
        for (const r of SIGNED_IN) r(scope, deps);
      });
      await v1.register(async (scope) => {
        scope.addHook('onRequest', app.auth.admin);
        for (const r of ADMIN) r(scope, deps);
      });
    },
    { prefix: '/api/v1' },
  );
}
