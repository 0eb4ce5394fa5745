import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { findRecord, serializeRecord, updateContact } from '../crm.js';
import { duplicateIdsBody, notFoundBody, objectNotFoundBody, repeatedIds, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { validateWrite, validationErrorBody, type PropertyIssue } from '../property-validation.js';
import { ROUTE_SCOPES } from '../scopes.js';

/** Contact writes: PATCH one and batch update, validated against the property definitions. */

const propertyValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const idParams = z.object({ id: z.string().min(1) });
const idPropertyQuery = z.object({ idProperty: z.string().optional() });
const patchBody = z.object({ properties: propertyValues });
const batchUpdateBody = z.object({
  inputs: z
    .array(z.object({ id: z.union([z.string().min(1), z.number().int()]).transform(String), properties: propertyValues, idProperty: z.string().optional() }))
    .max(100),
});

function allProperties(names: Record<string, unknown>): string[] {
  return Object.keys(names);
}

export function registerContactWrites(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.contactsWrite);

  app.patch('/crm/v3/objects/contacts/:id', { onRequest }, async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'path');
    const query = params && parseInput(idPropertyQuery, request.query, reply, 'query');
    const body = query && parseInput(patchBody, request.body, reply);
    if (!params || !query || !body) return reply;
    const { portal } = authOf(request);
    if (query.idProperty !== 'email' && !/^\d+$/.test(params.id)) return sendError(reply, 404, objectNotFoundBody(params.id));
    const record = findRecord(portal, 'contacts', params.id, query.idProperty);
    if (!record) return sendError(reply, 404, notFoundBody());
    const checked = validateWrite(portal, 'contacts', body.properties);
    if (!checked.ok) return sendError(reply, 400, validationErrorBody(portal.portalId, checked.issues));
    updateContact(ctx.state, portal, record, checked.values, ctx.now());
    return serializeRecord(portal, record, allProperties(record.properties));
  });

  app.post('/crm/v3/objects/contacts/batch/update', { onRequest }, async (request, reply) => {
    const body = parseInput(batchUpdateBody, request.body, reply);
    if (!body) return reply;
    const repeated = repeatedIds(body.inputs.map((i) => i.id));
    if (repeated.length) return sendError(reply, 400, duplicateIdsBody(repeated));
    const { portal } = authOf(request);
    // HubSpot rejects the whole batch when any input is invalid, so validate everything first.
    const issues: PropertyIssue[] = [];
    const planned = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const record = findRecord(portal, 'contacts', input.id, input.idProperty);
      if (!record) {
        missing.push(input.id);
        continue;
      }
      const checked = validateWrite(portal, 'contacts', input.properties);
      if (checked.ok) planned.push({ record, values: checked.values });
      else issues.push(...checked.issues);
    }
    if (issues.length) return sendError(reply, 400, validationErrorBody(portal.portalId, issues));
    const startedAt = new Date(ctx.now()).toISOString();
    for (const p of planned) updateContact(ctx.state, portal, p.record, p.values, ctx.now());
    const out: Record<string, unknown> = {
      status: 'COMPLETE',
      results: planned.map((p) => serializeRecord(portal, p.record, allProperties(p.record.properties))),
      startedAt,
      completedAt: new Date(ctx.now()).toISOString(),
    };
    if (!missing.length) return out;
    if (!planned.length) return sendError(reply, 404, notFoundBody());
    out.numErrors = 1;
    out.errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not update some CONTACT objects, they may be deleted or not exist.', context: { ids: missing } }];
    return reply.code(207).send(out);
  });
}
