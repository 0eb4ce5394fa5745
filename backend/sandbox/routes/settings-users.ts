import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { hubspotError, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { ROUTE_SCOPES } from '../scopes.js';
import type { PortalUser } from '../state.js';
import { redirectToTrailingSlash } from './trailing-slash.js';

/**
 * User provisioning reads: `/settings/v3/users/` (the bare path redirects there, as HubSpot's does; + `/{userId}?idProperty=USER_ID|EMAIL`),
 * `/teams` and `/roles`. Deactivated users are gone from these answers, which is how an
 * integration notices a removed user.
 */

export function userJson(u: PortalUser): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: String(u.userId),
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    roleIds: u.roleId !== null ? [String(u.roleId)] : [],
    secondaryTeamIds: u.secondaryTeamIds.map(String),
    superAdmin: u.superAdmin,
  };
  if (u.roleId !== null) out.roleId = String(u.roleId);
  if (u.primaryTeamId !== null) out.primaryTeamId = String(u.primaryTeamId);
  return out;
}

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), after: z.string().regex(/^\d+$/).optional() });
const getQuery = z.object({ idProperty: z.enum(['USER_ID', 'EMAIL']).optional() });
const userParams = z.object({ userId: z.string().min(1) });

export function registerSettingsUsers(app: FastifyInstance, ctx: SandboxContext): void {
  const users = apiGuard(ctx, ROUTE_SCOPES.users);
  const teams = apiGuard(ctx, ROUTE_SCOPES.teams);

  app.get('/settings/v3/users/teams', { onRequest: teams }, async (request) => {
    const { portal } = authOf(request);
    const active = [...portal.users.values()].filter((u) => u.active);
    return {
      results: [...portal.teams.values()].map((t) => ({
        id: String(t.id),
        name: t.name,
        userIds: active.filter((u) => u.primaryTeamId === t.id).map((u) => String(u.userId)),
        secondaryUserIds: active.filter((u) => u.secondaryTeamIds.includes(t.id)).map((u) => String(u.userId)),
      })),
    };
  });

  app.get('/settings/v3/users/roles', { onRequest: users }, async (request) => {
    const { portal } = authOf(request);
    return { results: portal.roles.map((r) => ({ id: String(r.id), name: r.name, requiresBillingWrite: r.requiresBillingWrite })) };
  });

  app.get('/settings/v3/users/', { onRequest: users }, async (request, reply) => {
    if (redirectToTrailingSlash(request, reply)) return reply;
    const query = parseInput(listQuery, request.query, reply, 'query');
    if (!query) return reply;
    const { portal } = authOf(request);
    const all = [...portal.users.values()].filter((u) => u.active).sort((a, b) => a.userId - b.userId);
    const offset = query.after ? Number(query.after) : 0;
    const limit = query.limit ?? 100;
    const out: Record<string, unknown> = { results: all.slice(offset, offset + limit).map(userJson) };
    if (offset + limit < all.length) {
      const next = String(offset + limit);
      out.paging = { next: { after: next, link: `/settings/v3/users/?after=${next}` } };
    }
    return out;
  });

  app.get('/settings/v3/users/:userId', { onRequest: users }, async (request, reply) => {
    const params = parseInput(userParams, request.params, reply, 'path');
    const query = params && parseInput(getQuery, request.query, reply, 'query');
    if (!params || !query) return reply;
    const { portal } = authOf(request);
    const wanted = params.userId.toLowerCase();
    const user =
      query.idProperty === 'EMAIL'
        ? [...portal.users.values()].find((u) => u.email.toLowerCase() === wanted)
        : /^\d+$/.test(wanted)
          ? portal.users.get(Number(wanted))
          : undefined;
    if (!user || !user.active) return sendError(reply, 404, hubspotError(`User ${params.userId} not found`, 'OBJECT_NOT_FOUND'));
    return userJson(user);
  });
}
