import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { applyValues, findRecord, serializeRecord } from '../crm.js';
import { duplicateIdsBody, notFoundBody, objectNotFoundBody, repeatedIds, sendError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { checkPipelineStage } from '../pipeline-rules.js';
import { validateWrite, validationErrorBody, type PropertyIssue } from '../property-validation.js';
import type { CrmRecord, PortalState } from '../state.js';

/**
 * Writes to companies, deals and tickets: PATCH one, batch update (whole batch refused when any
 * input is invalid, repeated ids refused), and archive (DELETE one: 204, or 404 for an unknown
 * id as the sandbox answers for notes and tasks; batch archive: 204). An archived record leaves
 * reads, searches and association lists.
 * Properties are validated as for contacts, plus the pipeline/stage fit of deals and tickets.
 */

export type WritableObject = 'companies' | 'deals' | 'tickets';

const propertyValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const idParams = z.object({ id: z.string().min(1) });
const patchBody = z.object({ properties: propertyValues });
const idInput = z.union([z.string().min(1), z.number().int()]).transform(String);
const batchUpdateBody = z.object({ inputs: z.array(z.object({ id: idInput, properties: propertyValues })).max(100) });
const batchArchiveBody = z.object({ inputs: z.array(z.object({ id: idInput })).max(100) });

const SINGULAR: Record<WritableObject, string> = { companies: 'COMPANY', deals: 'DEAL', tickets: 'TICKET' };

function check(portal: PortalState, kind: WritableObject, record: CrmRecord, input: Record<string, string | number | boolean | null>) {
  const checked = validateWrite(portal, kind, input);
  if (!checked.ok) return checked;
  const stage = checkPipelineStage(portal, kind, record, checked.values);
  return stage ? { ok: false as const, issues: [stage] } : checked;
}

export function registerObjectWrites(app: FastifyInstance, ctx: SandboxContext, kind: WritableObject, scopes: readonly string[]): void {
  const onRequest = apiGuard(ctx, scopes);
  const base = `/crm/v3/objects/${kind}`;

  app.patch(`${base}/:id`, { onRequest }, async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'path');
    const body = params && parseInput(patchBody, request.body, reply);
    if (!params || !body) return reply;
    const { portal } = authOf(request);
    if (!/^\d+$/.test(params.id)) return sendError(reply, 404, objectNotFoundBody(params.id));
    const record = findRecord(portal, kind, params.id);
    if (!record) return sendError(reply, 404, notFoundBody());
    const checked = check(portal, kind, record, body.properties);
    if (!checked.ok) return sendError(reply, 400, validationErrorBody(portal.portalId, checked.issues));
    applyValues(portal, record, checked.values, ctx.now());
    return serializeRecord(portal, record, Object.keys(record.properties));
  });

  app.post(`${base}/batch/update`, { onRequest }, async (request, reply) => {
    const body = parseInput(batchUpdateBody, request.body, reply);
    if (!body) return reply;
    const repeated = repeatedIds(body.inputs.map((i) => i.id));
    if (repeated.length) return sendError(reply, 400, duplicateIdsBody(repeated));
    const { portal } = authOf(request);
    const issues: PropertyIssue[] = [];
    const planned: { record: CrmRecord; values: Record<string, string> }[] = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const record = /^\d+$/.test(input.id) ? findRecord(portal, kind, input.id) : undefined;
      if (!record) {
        missing.push(input.id);
        continue;
      }
      const checked = check(portal, kind, record, input.properties);
      if (checked.ok) planned.push({ record, values: checked.values });
      else issues.push(...checked.issues);
    }
    if (issues.length) return sendError(reply, 400, validationErrorBody(portal.portalId, issues));
    if (missing.length && !planned.length) return sendError(reply, 404, notFoundBody());
    const startedAt = new Date(ctx.now()).toISOString();
    for (const p of planned) applyValues(portal, p.record, p.values, ctx.now());
    const results = planned.map((p) => serializeRecord(portal, p.record, Object.keys(p.record.properties)));
    const out: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date(ctx.now()).toISOString() };
    if (!missing.length) return out;
    out.numErrors = 1;
    out.errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not update some ${SINGULAR[kind]} objects, they may be deleted or not exist.`, context: { ids: missing } }];
    return reply.code(207).send(out);
  });

  app.delete(`${base}/:id`, { onRequest }, async (request, reply) => {
    const params = parseInput(idParams, request.params, reply, 'path');
    if (!params) return reply;
    const { portal } = authOf(request);
    const record = /^\d+$/.test(params.id) ? findRecord(portal, kind, params.id) : undefined;
    if (!record) return sendError(reply, 404, notFoundBody());
    archive(record, ctx.now());
    return reply.code(204).send();
  });

  app.post(`${base}/batch/archive`, { onRequest }, async (request, reply) => {
    const body = parseInput(batchArchiveBody, request.body, reply);
    if (!body) return reply;
    const repeated = repeatedIds(body.inputs.map((i) => i.id));
    if (repeated.length) return sendError(reply, 400, duplicateIdsBody(repeated));
    const { portal } = authOf(request);
    for (const { id } of body.inputs) {
      const record = /^\d+$/.test(id) ? findRecord(portal, kind, id) : undefined;
      if (record) archive(record, ctx.now());
    }
    return reply.code(204).send();
  });
}

function archive(record: CrmRecord, now: number): void {
  record.archived = true;
  record.updatedAt = now;
}
