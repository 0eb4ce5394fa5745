import type { FastifyInstance } from 'fastify';
import { TeamTreeBody } from '../../../../lib/api/identity';
import { signedIn } from '../../../http/authenticate';
import type { IdentityDeps } from '../../../services/identity/deps';
import { getTeams, putTeams } from '../../../services/identity/teams';
import { parseOr400, respond } from '../respond';

/** `GET /api/v1/identity/teams`: team names (synced) and the admin-set parents. */
export function getTeamsRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.get('/identity/teams', async (req, reply) => respond(reply, await getTeams(deps, signedIn(req))));
}

/** `PUT /api/v1/identity/teams` `{teams: [{id, parentTeamId}]}`: replaces the team tree. */
export function putTeamsRoute(app: FastifyInstance, deps: IdentityDeps) {
  app.put('/identity/teams', async (req, reply) => {
    const body = parseOr400(TeamTreeBody, req.body, reply);
    if (!body) return reply;
    return respond(reply, await putTeams(deps, signedIn(req), body, { correlationId: req.id }));
  });
}
