import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { associatedIds, findRecord } from '../crm.js';
import { ASSOCIATION_TYPE_IDS } from '../associations.js';
import { hubspotError, missingScopesBody, notFoundBody, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import type { ObjectKind } from '../property-defs.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * `GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}`: one entry per
 * associated record (`toObjectId`, a number in HubSpot's JSON, with its `associationTypes`),
 * paged with `after` and `limit` (default and maximum 500, as the spec says). Notes, tasks and calls
 * ride on the contacts scopes, as HubSpot's do; companies, deals and tickets need their own read
 * scope on either end. Object types may be named by plural, singular or type id (0-2).
 */

const KINDS: readonly ObjectKind[] = ['contacts', 'notes', 'tasks', 'calls', 'companies', 'deals', 'tickets'];
const ALIASES: Record<string, ObjectKind> = {
  contact: 'contacts', '0-1': 'contacts', note: 'notes', '0-46': 'notes', task: 'tasks', '0-27': 'tasks', call: 'calls', '0-48': 'calls',
  company: 'companies', '0-2': 'companies', deal: 'deals', '0-3': 'deals', ticket: 'tickets', '0-5': 'tickets',
};
const OBJECT_SCOPES: Partial<Record<ObjectKind, readonly string[]>> = { companies: ROUTE_SCOPES.companiesRead, deals: ROUTE_SCOPES.dealsRead, tickets: ROUTE_SCOPES.tickets };
const kindOf = (name: string) => ALIASES[name.toLowerCase()] ?? (name.toLowerCase() as ObjectKind);
const params = z.object({ objectType: z.string(), objectId: z.string().regex(/^\d+$/), toObjectType: z.string() });
const query = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), after: z.string().regex(/^\d+$/).optional() });


export function registerAssociationsV4(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.contactsRead);
  app.get('/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', { onRequest }, async (request, reply) => {
    const p = parseInput(params, request.params, reply, 'path');
    const q = p && parseInput(query, request.query, reply, 'query');
    if (!p || !q) return reply;
    const from = kindOf(p.objectType);
    const to = kindOf(p.toObjectType);
    const typeId = ASSOCIATION_TYPE_IDS[`${from}>${to}`];
    if (!KINDS.includes(from) || typeId === undefined) {
      return sendError(reply, 400, hubspotError(`Unknown object type ${KINDS.includes(from) ? p.toObjectType : p.objectType}`, 'VALIDATION_ERROR'));
    }
    const { portal, token } = authOf(request);
    for (const kind of [from, to]) {
      const needed = OBJECT_SCOPES[kind];
      if (needed && !needed.some((s) => token.scopeSet.has(s))) return sendError(reply, 403, missingScopesBody(needed));
    }
    const record = findRecord(portal, from, p.objectId);
    if (!record) return sendError(reply, 404, notFoundBody());
    const ids = associatedIds(portal, record, to).sort((a, b) => Number(a) - Number(b));
    const offset = q.after ? Number(q.after) : 0;
    const limit = q.limit ?? 500;
    const out: Record<string, unknown> = {
      results: ids.slice(offset, offset + limit).map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
    };
    if (offset + limit < ids.length) {
      const next = String(offset + limit);
      out.paging = { next: { after: next, link: `${request.url.split('?')[0]}?after=${next}` } };
    }
    return out;
  });
}
