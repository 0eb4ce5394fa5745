import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { associatedIds, findRecord } from '../crm.js';
import { hubspotError, notFoundBody, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import type { ObjectKind } from '../property-defs.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * `GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}`: one entry per
 * associated record (`toObjectId`, a number in HubSpot's JSON, with its `associationTypes`),
 * paged with `after` and `limit` (default and maximum 500, as the spec says). Notes and tasks
 * ride on the contacts scopes, as HubSpot's do.
 */

const KINDS: readonly ObjectKind[] = ['contacts', 'notes', 'tasks', 'calls'];
const params = z.object({ objectType: z.string(), objectId: z.string().regex(/^\d+$/), toObjectType: z.string() });
const query = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), after: z.string().regex(/^\d+$/).optional() });

/** HubSpot-defined association type ids, from → to. */
const TYPE_IDS: Record<string, number> = { 'contacts>notes': 201, 'notes>contacts': 202, 'contacts>tasks': 203, 'tasks>contacts': 204, 'contacts>calls': 193, 'calls>contacts': 194 };

export function registerAssociationsV4(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.contactsRead);
  app.get('/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', { onRequest }, async (request, reply) => {
    const p = parseInput(params, request.params, reply, 'path');
    const q = p && parseInput(query, request.query, reply, 'query');
    if (!p || !q) return reply;
    const from = p.objectType.toLowerCase() as ObjectKind;
    const to = p.toObjectType.toLowerCase();
    const typeId = TYPE_IDS[`${from}>${to}`];
    if (!KINDS.includes(from) || typeId === undefined) {
      return sendError(reply, 400, hubspotError(`Unknown object type ${KINDS.includes(from) ? p.toObjectType : p.objectType}`, 'VALIDATION_ERROR'));
    }
    const { portal } = authOf(request);
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
