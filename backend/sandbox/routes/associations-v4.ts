import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { associatedIds, findRecord } from '../crm.js';
import { hubspotError, notFoundBody, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import type { ObjectKind } from '../property-defs.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * `GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}`: HubSpot's current
 * association listing (`results[].toObjectId` with `associationTypes`, paged with `after`,
 * limit ≤ 500). Object types are accepted by name or by id (0-1 contacts, 0-46 notes, 0-27 tasks).
 */

const TYPES: Record<string, ObjectKind> = { contacts: 'contacts', contact: 'contacts', '0-1': 'contacts', notes: 'notes', note: 'notes', '0-46': 'notes', tasks: 'tasks', task: 'tasks', '0-27': 'tasks' };
/** HUBSPOT_DEFINED type ids between the kinds the sandbox stores. */
const TYPE_IDS: Record<string, number> = { 'contacts>notes': 201, 'notes>contacts': 202, 'contacts>tasks': 203, 'tasks>contacts': 204 };

const params = z.object({ fromType: z.string(), id: z.string().regex(/^\d+$/), toType: z.string() });
const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  after: z.string().regex(/^\d+$/).optional(),
});

export function registerAssociationsV4(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/crm/v4/objects/:fromType/:id/associations/:toType', { onRequest: apiGuard(ctx, ROUTE_SCOPES.contactsRead) }, async (request, reply) => {
    const p = parseInput(params, request.params, reply, 'path');
    const q = p && parseInput(query, request.query, reply, 'query');
    if (!p || !q) return reply;
    const from = TYPES[p.fromType.toLowerCase()];
    const to = TYPES[p.toType.toLowerCase()];
    if (!from || !to) return sendError(reply, 400, hubspotError(`Unknown object type ${from ? p.toType : p.fromType}`, 'VALIDATION_ERROR'));
    const { portal } = authOf(request);
    const record = findRecord(portal, from, p.id);
    if (!record) return sendError(reply, 404, notFoundBody());
    const typeId = TYPE_IDS[`${from}>${to}`];
    const ids = typeId === undefined ? [] : associatedIds(portal, record, to);
    const limit = q.limit ?? 500;
    const start = q.after ? Number(q.after) : 0;
    const page = ids.slice(start, start + limit);
    const body: Record<string, unknown> = {
      results: page.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
    };
    if (start + limit < ids.length) {
      const after = String(start + limit);
      body.paging = { next: { after, link: `/crm/v4/objects/${p.fromType}/${p.id}/associations/${p.toType}?after=${after}` } };
    }
    return body;
  });
}
