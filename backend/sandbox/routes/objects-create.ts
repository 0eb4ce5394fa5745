import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { serializeRecord } from '../crm.js';
import { hubspotError, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { deriveOwnership } from '../ownership.js';
import { checkPipelineStage } from '../pipeline-rules.js';
import { hubspotInstant } from '../state.js';
import { validateWrite, validationErrorBody, type PropertyIssue } from '../property-validation.js';
import type { CrmRecord } from '../state.js';
import type { WritableObject } from './objects-write.js';

/**
 * `POST /crm/v3/objects/{companies|deals|tickets}`: creates one record (201, the record). Values
 * are validated as for updates, and a deal or ticket must name its pipeline and a stage of it.
 * The guides list what a new record needs (a deal: dealname, pipeline, dealstage; a ticket:
 * subject, hs_pipeline, hs_pipeline_stage; a company: name or domain); the sandbox requires
 * exactly that, pipeline included even where HubSpot would default it. Associations on create
 * are not offered by the sandbox: a body carrying any is refused rather than half-applied.
 */
const REQUIRED: Record<WritableObject, string[][]> = {
  companies: [['name', 'domain']],
  deals: [['dealname'], ['pipeline'], ['dealstage']],
  tickets: [['subject'], ['hs_pipeline'], ['hs_pipeline_stage']],
};

const body = z.object({ properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), associations: z.array(z.unknown()).optional() });

export function registerObjectCreate(app: FastifyInstance, ctx: SandboxContext, kind: WritableObject, scopes: readonly string[]): void {
  app.post(`/crm/v3/objects/${kind}`, { onRequest: apiGuard(ctx, scopes) }, async (request, reply) => {
    const input = parseInput(body, request.body, reply);
    if (!input) return reply;
    if (input.associations?.length) return sendError(reply, 400, hubspotError('The sandbox does not create associations with a new record; create it, then associate it.', 'VALIDATION_ERROR'));
    const { portal } = authOf(request);
    const checked = validateWrite(portal, kind, input.properties);
    const issues: PropertyIssue[] = checked.ok ? [] : [...checked.issues];
    const values = checked.ok ? checked.values : {};
    for (const names of REQUIRED[kind]) {
      if (checked.ok && !names.some((n) => values[n])) issues.push({ name: names[0]!, error: 'REQUIRED_FIELD', message: `Property "${names.join('" or "')}" is required.` });
    }
    const stage = issues.length ? null : checkPipelineStage(portal, kind, null, values);
    if (stage) issues.push(stage);
    if (issues.length) return sendError(reply, 400, validationErrorBody(portal.portalId, issues));
    const now = ctx.now();
    const store = portal[kind];
    const id = String(Math.max(0, ...[...store.keys()].map(Number)) + 1);
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== '') properties[k] = v;
    Object.assign(properties, { hs_object_id: id, createdate: hubspotInstant(now), hs_lastmodifieddate: hubspotInstant(now) });
    deriveOwnership(portal, properties);
    const record: CrmRecord = { id, kind, properties, createdAt: now, updatedAt: now, archived: false, contactIds: [] };
    store.set(id, record);
    reply.header('location', `/crm/v3/objects/${kind}/${id}`);
    return reply.code(201).send(serializeRecord(portal, record, Object.keys(record.properties)));
  });
}
