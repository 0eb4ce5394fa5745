import { ChangePasswordRequest, ChangePasswordResponse, CodeSentResponse, MeResponse, UpdateMeRequest, VerifyCodeRequest } from '../../../lib/contract/api/accounts';
import { signedIn } from '../../http/authenticate';
import type { AccountsDeps } from '../../services/accounts/deps';
import { requestEmailCode, verifyEmail } from '../../services/accounts/email-verify';
import { changePassword, getMe, updateMe } from '../../services/accounts/me';
import { requestContext, respond } from './respond';
import { routeFor, type RouteTable } from './route';

const route = routeFor<AccountsDeps>();

/** The signed-in member's own account under /api/v1/me. */
export const meRoutes: RouteTable<AccountsDeps> = {
  prefix: '/api/v1',
  routes: [
    // Who is signed in, their workspace and session lifetime.
    route({ method: 'GET', url: '/me', auth: 'member', schema: { response: { 200: MeResponse } }, handle: async (deps, req, reply) => respond(reply, await getMe(deps, signedIn(req))) }),
    // Display name only; an `email` field is refused by the strict schema.
    route({
      method: 'PATCH',
      url: '/me',
      auth: 'member',
      schema: { body: UpdateMeRequest, response: { 200: MeResponse } },
      handle: async (deps, req, reply) => respond(reply, await updateMe(deps, signedIn(req), req.body.displayName)),
    }),
    // Needs the current password; ends every other session.
    route({
      method: 'POST',
      url: '/me/password',
      auth: 'member',
      schema: { body: ChangePasswordRequest, response: { 200: ChangePasswordResponse } },
      handle: async (deps, req, reply) => respond(reply, await changePassword(deps, signedIn(req), req.body, requestContext(req))),
    }),
    // Mails a code to the caller's own address.
    route({
      method: 'POST',
      url: '/me/email/code',
      auth: 'member',
      schema: { response: { 202: CodeSentResponse } },
      handle: async (deps, req, reply) => respond(reply, await requestEmailCode(deps, signedIn(req), requestContext(req)), 202),
    }),
    // `{code}`: the code proves the address.
    route({
      method: 'POST',
      url: '/me/email/verify',
      auth: 'member',
      schema: { body: VerifyCodeRequest, response: { 200: MeResponse } },
      handle: async (deps, req, reply) => respond(reply, await verifyEmail(deps, signedIn(req), req.body.code, requestContext(req))),
    }),
  ],
};
