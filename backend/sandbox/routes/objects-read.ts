import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { findRecord, serializeRecord, splitList, store } from '../crm.js';
import { duplicateIdsBody, notFoundBody, objectNotFoundBody, repeatedIds, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import type { ObjectKind } from '../property-defs.js';
import { ROUTE_SCOPES } from '../scopes.js';
import { runSearch, searchSchema } from '../search.js';

/**
 * Reads shared by contacts, notes and tasks: get by id, list, batch read and search. Notes and
 * tasks ride on the contacts scopes, as HubSpot's do. The v3 per-object association list is gone
 * (HubSpot removed it from its specs and SDK): it answers the unknown-route 404; v4 lists
 * associations (associations-v4.ts).
 */

const listParam = z.union([z.string(), z.array(z.string())]).optional();
const boolParam = z.enum(['true', 'false']).optional();

const getQuery = z.object({
  properties: listParam,
  propertiesWithHistory: listParam,
  associations: listParam,
  archived: boolParam,
  idProperty: z.string().optional(),
});

const listQuery = getQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  after: z.string().regex(/^\d+$/).optional(),
});

const idParams = z.object({ id: z.string().min(1) });

const batchReadBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string().min(1), z.number().int()]).transform(String) })).max(100),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});

const SINGULAR: Record<ObjectKind, string> = { contacts: 'CONTACT', notes: 'NOTE', tasks: 'TASK', calls: 'CALL',
  companies: 'COMPANY', deals: 'DEAL', tickets: 'TICKET' };

export function registerObjectReads(app: FastifyInstance, ctx: SandboxContext, kind: ObjectKind, scopes: readonly string[] = ROUTE_SCOPES.contactsRead): void {
  const base = `/crm/v3/objects/${kind}`;
  const onRequest = apiGuard(ctx, scopes);

  app.get(`${base}/:id`, { onRequest }, async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'path');
    const query = params && parseInput(getQuery, request.query, reply, 'query');
    if (!params || !query) return reply;
    const { portal } = authOf(request);
    const byEmail = kind === 'contacts' && query.idProperty === 'email';
    if (!byEmail && !/^\d+$/.test(params.id)) return sendError(reply, 404, objectNotFoundBody(params.id));
    const record = findRecord(portal, kind, params.id, query.idProperty);
    if (!record) return sendError(reply, 404, notFoundBody());
    return serializeRecord(portal, record, splitList(query.properties), splitList(query.associations));
  });

  app.get(base, { onRequest }, async (request, reply) => {
    const query = parseInput(listQuery, request.query, reply, 'query');
    if (!query) return reply;
    const { portal } = authOf(request);
    const limit = query.limit ?? 10;
    const after = query.after ? Number(query.after) : 0;
    const all = [...store(portal, kind).values()].filter((r) => !r.archived);
    const page = all.slice(after, after + limit);
    const props = splitList(query.properties);
    const assoc = splitList(query.associations);
    const body: Record<string, unknown> = { results: page.map((r) => serializeRecord(portal, r, props, assoc)) };
    if (after + limit < all.length) {
      const next = String(after + limit);
      body.paging = { next: { after: next, link: `${base}?after=${next}` } };
    }
    return body;
  });

  app.post(`${base}/batch/read`, { onRequest }, async (request, reply) => {
    const body = parseInput(batchReadBody, request.body, reply);
    if (!body) return reply;
    const repeated = repeatedIds(body.inputs.map((i) => i.id));
    if (repeated.length) return sendError(reply, 400, duplicateIdsBody(repeated));
    const { portal } = authOf(request);
    const startedAt = new Date(ctx.now()).toISOString();
    const results = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const record = findRecord(portal, kind, id, body.idProperty);
      if (record) results.push(serializeRecord(portal, record, body.properties.length ? body.properties : null));
      else missing.push(id);
    }
    const out: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date(ctx.now()).toISOString() };
    if (!missing.length) return out;
    out.numErrors = 1;
    out.errors = [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: `Could not get some ${SINGULAR[kind]} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
      },
    ];
    return reply.code(207).send(out);
  });

  app.post(`${base}/search`, { onRequest }, async (request, reply) => {
    const body = parseInput(searchSchema, request.body ?? {}, reply);
    if (!body) return reply;
    const { portal } = authOf(request);
    const page = runSearch(portal, kind, body);
    const props = body.properties?.length ? body.properties : null;
    const out: Record<string, unknown> = { total: page.total, results: page.results.map((r) => serializeRecord(portal, r, props)) };
    if (page.nextAfter) out.paging = { next: { after: page.nextAfter } };
    return out;
  });
}
