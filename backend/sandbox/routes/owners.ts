import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { hubspotError, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { ROUTE_SCOPES } from '../scopes.js';
import type { PortalState, PortalUser } from '../state.js';
import { redirectToTrailingSlash } from './trailing-slash.js';

/**
 * `GET /crm/v3/owners/` (the bare path redirects there, as HubSpot's does; email filter, `after` paging, `archived`) and `/{ownerId}`
 * (`idProperty=id|userId`). A deactivated user's owner stays in the list (records keep it as
 * their owner) with its flag as HubSpot's spec defines it: `userId` absent (null) while
 * `userIdIncludingInactive` still names the user. Clients must read that flag, not expect the
 * owner to vanish. `archived=true` lists archived owners, which the seed has none of.
 */

const OWNER_CREATED = '2023-03-01T09:00:00Z';

export function ownerJson(portal: PortalState, u: PortalUser): Record<string, unknown> {
  const teams = [
    ...(u.primaryTeamId !== null ? [{ id: u.primaryTeamId, primary: true }] : []),
    ...u.secondaryTeamIds.map((id) => ({ id, primary: false })),
  ].map((t) => ({ id: String(t.id), name: portal.teams.get(t.id)?.name ?? '', primary: t.primary }));
  return {
    id: String(u.ownerId),
    email: u.email,
    type: 'PERSON',
    firstName: u.firstName,
    lastName: u.lastName,
    userId: u.active ? u.userId : null,
    userIdIncludingInactive: u.userId,
    createdAt: OWNER_CREATED,
    updatedAt: OWNER_CREATED,
    archived: false,
    teams,
  };
}

const listQuery = z.object({
  email: z.string().optional(),
  after: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

const ownerParams = z.object({ ownerId: z.string().regex(/^\d+$/) });
const getQuery = z.object({ idProperty: z.enum(['id', 'userId']).optional(), archived: z.enum(['true', 'false']).optional() });

export function registerOwners(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.owners);

  app.get('/crm/v3/owners/', { onRequest }, async (request, reply) => {
    if (redirectToTrailingSlash(request, reply)) return reply;
    const query = parseInput(listQuery, request.query, reply, 'query');
    if (!query) return reply;
    const { portal } = authOf(request);
    const archived = query.archived === 'true';
    const email = query.email?.toLowerCase();
    const all = [...portal.owners.values()]
      .filter((u) => !archived && (!email || u.email.toLowerCase() === email))
      .sort((a, b) => a.ownerId - b.ownerId);
    const offset = query.after ? Number(query.after) : 0;
    const limit = query.limit ?? 100;
    const out: Record<string, unknown> = { results: all.slice(offset, offset + limit).map((u) => ownerJson(portal, u)) };
    if (offset + limit < all.length) {
      const next = String(offset + limit);
      out.paging = { next: { after: next, link: `/crm/v3/owners/?after=${next}` } };
    }
    return out;
  });

  app.get('/crm/v3/owners/:ownerId', { onRequest }, async (request, reply) => {
    const params = parseInput(ownerParams, request.params, reply, 'path');
    const query = params && parseInput(getQuery, request.query, reply, 'query');
    if (!params || !query) return reply;
    const { portal } = authOf(request);
    const id = Number(params.ownerId);
    // By userId only active users are found: an inactive user has no `userId` on its owner.
    const owner = query.idProperty === 'userId' ? (portal.users.get(id)?.active ? portal.users.get(id) : undefined) : portal.owners.get(id);
    if (!owner || query.archived === 'true') return sendError(reply, 404, hubspotError(`Owner ${params.ownerId} not found`, 'OBJECT_NOT_FOUND'));
    return ownerJson(portal, owner);
  });
}
