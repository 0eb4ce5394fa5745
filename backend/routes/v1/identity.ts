import { CodeSentResponse } from '../../../lib/contract/api/accounts';
import { LinkBody, LinkProofBody, MeAnswer, MemberEntry, MemberParams, MembersAnswer, PermissionLevelsBody, SyncAnswer, TeamsAnswer, TeamTreeBody } from '../../../lib/contract/api/identity';
import { MemberObjectParams, ObjectLevels } from '../../../lib/contract/api/identity';
import { setMemberObjectLevels } from '../../services/identity/object-levels';
import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../http/authenticate';
import type { IdentityDeps } from '../../services/identity/deps';
import { linkMember } from '../../services/identity/link-member';
import { startLinkProof, verifyLinkProof } from '../../services/identity/link-proof';
import { listMemberLinks, setMemberLevels, unlinkMember } from '../../services/identity/links';
import { syncNow, whoAmI } from '../../services/identity/me';
import { getTeams, putTeams } from '../../services/identity/teams';
import { respond } from './respond';
import { mountRoutes, routeFor, type RouteTable } from './route';

const route = routeFor<IdentityDeps>();
const ctx = (id: string) => ({ correlationId: id });
const link = { params: MemberParams, response: { 200: MemberEntry } };

/**
 * Identity under /api/v1/identity: the member's own "who am I in HubSpot", and the admin's link
 * management (the admin hook refuses members before any handler runs; the services check the role again).
 */
export const identityTable: RouteTable<IdentityDeps> = {
  prefix: '/api/v1',
  routes: [
    // The caller's own HubSpot link (any member, only themselves).
    route({ method: 'GET', url: '/identity/me', auth: 'member', schema: { response: { 200: MeAnswer } }, handle: async (deps, req, reply) => respond(reply, await whoAmI(deps, signedIn(req))) }),
    // Mails a code to the caller's linked HubSpot user.
    route({
      method: 'POST',
      url: '/identity/me/link-proof',
      auth: 'member',
      schema: { response: { 202: CodeSentResponse } },
      handle: async (deps, req, reply) => respond(reply, await startLinkProof(deps, signedIn(req), ctx(req.id)), 202),
    }),
    // `{code}`: the code proves the link (evidence `code_proof`).
    route({
      method: 'POST',
      url: '/identity/me/link-proof/verify',
      auth: 'member',
      schema: { body: LinkProofBody, response: { 200: MeAnswer } },
      handle: async (deps, req, reply) => respond(reply, await verifyLinkProof(deps, signedIn(req), req.body.code, ctx(req.id))),
    }),
    // Members with link status and proposals, and the portal's users.
    route({ method: 'GET', url: '/identity/members', auth: 'admin', schema: { response: { 200: MembersAnswer } }, handle: async (deps, req, reply) => respond(reply, await listMemberLinks(deps, signedIn(req))) }),
    // `{hubspotUserId}`: link (or confirm a proposal).
    route({
      method: 'PUT',
      url: '/identity/members/:memberId/link',
      auth: 'admin',
      schema: { ...link, body: LinkBody },
      handle: async (deps, req, reply) => respond(reply, await linkMember(deps, signedIn(req), req.params.memberId, req.body.hubspotUserId, ctx(req.id))),
    }),
    route({
      method: 'DELETE',
      url: '/identity/members/:memberId/link',
      auth: 'admin',
      schema: link,
      handle: async (deps, req, reply) => respond(reply, await unlinkMember(deps, signedIn(req), req.params.memberId, ctx(req.id))),
    }),
    // `{levels}`: mirror HubSpot's permission levels (null clears).
    route({
      method: 'PUT',
      url: '/identity/members/:memberId/permissions',
      auth: 'admin',
      schema: { ...link, body: PermissionLevelsBody },
      handle: async (deps, req, reply) => respond(reply, await setMemberLevels(deps, signedIn(req), req.params.memberId, req.body.levels, ctx(req.id))),
    }),
    // ObjectLevels on companies (0-2), deals (0-3) or tickets (0-5); contacts keep the route above.
    route({
      method: 'PUT',
      url: '/identity/members/:memberId/permissions/:objectType',
      auth: 'admin',
      schema: { params: MemberObjectParams, body: ObjectLevels, response: { 200: MemberEntry } },
      handle: async (deps, req, reply) =>
        respond(reply, await setMemberObjectLevels(deps, signedIn(req), req.params.memberId, req.params.objectType, req.body, ctx(req.id))),
    }),
    // Back to "not set": only HubSpot's permission API decides for that object.
    route({
      method: 'DELETE',
      url: '/identity/members/:memberId/permissions/:objectType',
      auth: 'admin',
      schema: { params: MemberObjectParams, response: { 200: MemberEntry } },
      handle: async (deps, req, reply) => respond(reply, await setMemberObjectLevels(deps, signedIn(req), req.params.memberId, req.params.objectType, null, ctx(req.id))),
    }),
    // Re-read HubSpot users now (a removed user loses access at once).
    route({ method: 'POST', url: '/identity/sync', auth: 'admin', schema: { response: { 200: SyncAnswer } }, handle: async (deps, req, reply) => respond(reply, await syncNow(deps, signedIn(req))) }),
    // Team names (synced) and the admin-set parents.
    route({ method: 'GET', url: '/identity/teams', auth: 'admin', schema: { response: { 200: TeamsAnswer } }, handle: async (deps, req, reply) => respond(reply, await getTeams(deps, signedIn(req))) }),
    // `{teams: [{id, parentTeamId}]}`: replaces the team tree.
    route({
      method: 'PUT',
      url: '/identity/teams',
      auth: 'admin',
      schema: { body: TeamTreeBody, response: { 200: TeamsAnswer } },
      handle: async (deps, req, reply) => respond(reply, await putTeams(deps, signedIn(req), req.body, ctx(req.id))),
    }),
  ],
};

export const identityRoutes = (app: FastifyInstance, deps: IdentityDeps) => mountRoutes(app, identityTable, deps);
