import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { hubspotError, missingScopesBody, sendError } from '../errors.js';
import { CRM_OBJECT_BY_TYPE_ID, permittedUsersOf } from '../object-access.js';
import { apiGuard } from '../guard.js';
import { permittedUsers } from '../permissions.js';
import { ROUTE_SCOPES } from '../scopes.js';
import { toAccessUser } from '../ownership.js';

/**
 * `GET /resource-permissions/v3/permitted-users?resource=hcrn:{portalId}:crm-object:{type}:{id}`
 * (repeatable, at most 20). Answers `{resources: {hcrn: {"crm-object:VIEW": {permittedUsers},
 * "crm-object:EDIT": {…}}}}` computed by permissions.ts from each active user's permission set.
 * Contacts (0-1), companies (0-2), deals (0-3) and tickets (0-5) follow object-permissions.ts:
 * each object's own permission set and, for deals and tickets, the pipeline's permissions. A
 * resource of an object whose scope the app was not granted answers 403 MISSING_SCOPES. Another
 * object type or an unknown record is listed under `errors` instead of `resources` (HubSpot's
 * answer for those cases is not documented).
 */

const HCRN = /^hcrn:(\d+):crm-object:(\d+-\d+):(\d+)$/;
export const MAX_RESOURCES = 20;
const OBJECT_SCOPES = { contacts: ROUTE_SCOPES.permissions, companies: ROUTE_SCOPES.companiesRead, deals: ROUTE_SCOPES.dealsRead, tickets: ROUTE_SCOPES.tickets } as const;

const query = z.object({
  resource: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(HCRN, 'must look like hcrn:{portalId}:crm-object:{objectTypeId}:{objectId}')).min(1).max(MAX_RESOURCES)),
});

export function registerPermittedUsers(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/resource-permissions/v3/permitted-users', { onRequest: apiGuard(ctx, ROUTE_SCOPES.permissions) }, async (request, reply) => {
    const q = parseInput(query, request.query, reply, 'query');
    if (!q) return reply;
    const { portal, token } = authOf(request);
    const users = [...portal.users.values()].filter((u) => u.active).map(toAccessUser);
    const resources: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const hcrn of new Set(q.resource)) {
      const [, portalId, typeId, objectId] = HCRN.exec(hcrn) ?? [];
      if (Number(portalId) !== portal.portalId) {
        return sendError(reply, 400, hubspotError(`Resource ${hcrn} does not belong to portal ${portal.portalId}`, 'VALIDATION_ERROR'));
      }
      const object = typeId ? CRM_OBJECT_BY_TYPE_ID[typeId] : undefined;
      const needed = object ? OBJECT_SCOPES[object] : [];
      if (object && !needed.some((s) => token.scopeSet.has(s))) return sendError(reply, 403, missingScopesBody(needed));
      const record = object && objectId ? portal[object].get(objectId) : undefined;
      if (!record || record.archived) {
        missing.push(hcrn);
        continue;
      }
      resources[hcrn] = object === 'contacts' ? permittedUsers(users, record.properties, portal.teamParents) : permittedUsersOf(portal, record);
    }
    const out: Record<string, unknown> = { resources };
    if (missing.length) out.errors = [{ message: 'resource not found', category: 'OBJECT_NOT_FOUND', context: { resources: missing } }];
    return out;
  });
}
