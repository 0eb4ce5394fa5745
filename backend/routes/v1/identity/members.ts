import type { FastifyInstance } from 'fastify';
import { LinkBody, MemberParams, PermissionLevelsBody } from '../../../../lib/api/identity';
import { signedIn } from '../../../http/authenticate';
import type { IdentityDeps } from '../../../services/identity/deps';
import { linkMember } from '../../../services/identity/link-member';
import { listMemberLinks, setMemberLevels, unlinkMember } from '../../../services/identity/links';
import { parseOr400, respond } from '../respond';

const ctx = (id: string) => ({ correlationId: id });

/** `GET /api/v1/identity/members`: members with link status and proposals, and the portal's users. */
export function listIdentityMembersRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.get('/identity/members', async (req, reply) => respond(reply, await listMemberLinks(deps, signedIn(req))));
}

/** `PUT /api/v1/identity/members/:memberId/link` `{hubspotUserId}`: link (or confirm a proposal). */
export function linkMemberRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.put('/identity/members/:memberId/link', async (req, reply) => {
    const params = parseOr400(MemberParams, req.params, reply);
    const body = params && parseOr400(LinkBody, req.body, reply);
    if (!params || !body) return reply;
    return respond(reply, await linkMember(deps, signedIn(req), params.memberId, body.hubspotUserId, ctx(req.id)));
  });
}

/** `DELETE /api/v1/identity/members/:memberId/link`. */
export function unlinkMemberRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.delete('/identity/members/:memberId/link', async (req, reply) => {
    const params = parseOr400(MemberParams, req.params, reply);
    if (!params) return reply;
    return respond(reply, await unlinkMember(deps, signedIn(req), params.memberId, ctx(req.id)));
  });
}

/** `PUT /api/v1/identity/members/:memberId/permissions` `{levels}`: mirror HubSpot's levels (null clears). */
export function setLevelsRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.put('/identity/members/:memberId/permissions', async (req, reply) => {
    const params = parseOr400(MemberParams, req.params, reply);
    const body = params && parseOr400(PermissionLevelsBody, req.body, reply);
    if (!params || !body) return reply;
    return respond(reply, await setMemberLevels(deps, signedIn(req), params.memberId, body.levels, ctx(req.id)));
  });
}
