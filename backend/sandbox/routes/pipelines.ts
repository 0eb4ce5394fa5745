import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { hubspotError, sendError } from '../errors.js';
import { guardByObjectParam } from '../object-guard.js';
import type { Pipeline, PipelineObject } from '../pipelines.js';
import { ROUTE_SCOPES } from '../scopes.js';

/**
 * `GET /crm/v3/pipelines/{objectType}` and `/{pipelineId}` for deals and tickets, in the spec's
 * Pipeline shape. The spec accepts many scopes; the sandbox requires the object's own (deals
 * read/write, or `tickets`), which no real caller of these objects lacks. Pipeline permissions
 * are not part of the answer: the API shows every pipeline to the app, as HubSpot's does.
 */

const OBJECTS: Record<string, PipelineObject> = { deals: 'deals', deal: 'deals', '0-3': 'deals', tickets: 'tickets', ticket: 'tickets', '0-5': 'tickets' };
const params = z.object({ objectType: z.string(), pipelineId: z.string().optional() });
const DEFINED_AT = '2019-10-30T03:30:17.883Z';

function pipelineJson(p: Pipeline, displayOrder: number): Record<string, unknown> {
  return {
    id: p.id,
    label: p.label,
    displayOrder,
    archived: false,
    createdAt: DEFINED_AT,
    updatedAt: DEFINED_AT,
    stages: p.stages.map((s, i) => ({ id: s.id, label: s.label, displayOrder: i, metadata: { ...s.metadata }, archived: false, createdAt: DEFINED_AT, updatedAt: DEFINED_AT, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' })),
  };
}

export function registerPipelines(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = guardByObjectParam(ctx, (type) => (OBJECTS[type] === 'tickets' ? ROUTE_SCOPES.tickets : ROUTE_SCOPES.dealsRead));

  async function handler(request: FastifyRequest, reply: FastifyReply) {
    const p = parseInput(params, request.params, reply, 'path');
    if (!p) return reply;
    const object = OBJECTS[p.objectType.toLowerCase()];
    if (!object) return sendError(reply, 400, hubspotError(`Unable to infer object type from: ${p.objectType}`, 'VALIDATION_ERROR'));
    const { portal } = authOf(request);
    const list = portal.pipelines[object];
    if (p.pipelineId === undefined) return { results: list.map((pl, i) => pipelineJson(pl, i)) };
    const index = list.findIndex((pl) => pl.id === p.pipelineId);
    const found = list[index];
    if (!found) return sendError(reply, 404, hubspotError(`Unable to find pipeline ${p.pipelineId}`, 'OBJECT_NOT_FOUND'));
    return pipelineJson(found, index);
  }
  app.get('/crm/v3/pipelines/:objectType', { onRequest }, handler);
  app.get('/crm/v3/pipelines/:objectType/:pipelineId', { onRequest }, handler);
}
