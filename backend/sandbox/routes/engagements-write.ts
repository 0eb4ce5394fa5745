import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { link } from '../associations.js';
import { createEngagement, OBJECT_TYPE_IDS, serializeRecord } from '../crm.js';
import { hubspotError, missingScopesBody, sendError, type HubSpotError } from '../errors.js';
import { apiGuard } from '../guard.js';
import { validateWrite, validationErrorBody, type PropertyIssue } from '../property-validation.js';
import { ROUTE_SCOPES } from '../scopes.js';
import type { EngagementKind } from '../property-defs.js';
import type { PortalState } from '../state.js';

/**
 * Creating notes, tasks and calls, single and batch, with inline associations. Only the
 * HUBSPOT_DEFINED engagement→object types are accepted (note→contact 202, →company 190, →deal
 * 214, →ticket 228; task→contact 204, →company 192, →deal 216, →ticket 230; call→contact 194 —
 * calls to other objects are not served yet); a type of another direction gets HubSpot's
 * "invalid from/to object type" answer. An association to a company, deal or ticket also needs
 * that object's read scope (403 otherwise).
 */


const associationSchema = z.object({
  to: z.object({ id: z.union([z.string().min(1), z.number().int()]).transform(String) }),
  types: z
    .array(z.object({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']), associationTypeId: z.number().int() }))
    .min(1),
});

const createInput = z.object({
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  associations: z.array(associationSchema).default([]),
});
const batchCreateBody = z.object({ inputs: z.array(createInput).max(100) });

type CreateInput = z.infer<typeof createInput>;

/** HubSpot-defined association types the sandbox knows: id → [from type, to type]. */
const KNOWN_TYPES: Record<number, [string, string]> = {
  201: ['0-1', '0-46'],
  202: ['0-46', '0-1'],
  203: ['0-1', '0-27'],
  204: ['0-27', '0-1'],
  193: ['0-1', '0-48'],
  194: ['0-48', '0-1'],
  190: ['0-46', '0-2'],
  192: ['0-27', '0-2'],
  214: ['0-46', '0-3'],
  216: ['0-27', '0-3'],
  228: ['0-46', '0-5'],
  230: ['0-27', '0-5'],
};

type Target = 'companies' | 'deals' | 'tickets';
const TARGETS: Record<string, Target> = { '0-2': 'companies', '0-3': 'deals', '0-5': 'tickets' };
const TARGET_SCOPES: Record<Target, readonly string[]> = { companies: ROUTE_SCOPES.companiesRead, deals: ROUTE_SCOPES.dealsRead, tickets: ROUTE_SCOPES.tickets };
type Checked = { contactIds: string[]; links: { kind: Target; id: string }[] };

function checkAssociations(portal: PortalState, scopes: ReadonlySet<string>, kind: EngagementKind, associations: CreateInput['associations']): Checked | HubSpotError {
  const from = OBJECT_TYPE_IDS[kind];
  const contactIds: string[] = [];
  const links: Checked['links'] = [];
  const unknownIds: string[] = [];
  let toType = '0-1';
  for (const a of associations) {
    let target: Target | undefined;
    for (const t of a.types) {
      const known = t.associationCategory === 'HUBSPOT_DEFINED' ? KNOWN_TYPES[t.associationTypeId] : undefined;
      if (!known) {
        return hubspotError(`No association type with id ${t.associationTypeId} in category ${t.associationCategory} exists`, 'VALIDATION_ERROR');
      }
      if (known[0] !== from) return hubspotError(`invalid from object type ${from} for associations to be created. expected: ${known[0]}`, 'VALIDATION_ERROR');
      const typeTarget = TARGETS[known[1]];
      if (known[1] !== '0-1' && !typeTarget) return hubspotError(`invalid to object type ${known[1]} for associations to be created. expected: 0-1`, 'VALIDATION_ERROR');
      // Every type of one association must point at the same object type.
      if (target !== undefined && target !== typeTarget) return hubspotError(`invalid to object type ${known[1]} for associations to be created. expected: ${OBJECT_TYPE_IDS[target]}`, 'VALIDATION_ERROR');
      target = typeTarget;
      toType = known[1];
    }
    if (target && !TARGET_SCOPES[target].some((s) => scopes.has(s))) return missingScopesBody(TARGET_SCOPES[target]);
    const exists = /^\d+$/.test(a.to.id) && (target ? portal[target].get(a.to.id)?.archived === false : portal.contacts.has(a.to.id));
    if (!exists) unknownIds.push(a.to.id);
    else if (target) links.push({ kind: target, id: a.to.id });
    else contactIds.push(a.to.id);
  }
  if (unknownIds.length) {
    return hubspotError('One or more associations are invalid', 'VALIDATION_ERROR', {
      context: { INVALID_OBJECT_IDS: unknownIds, objectType: [toType] },
      subCategory: 'crm-object-associations.INVALID_OBJECT_IDS',
    });
  }
  return { contactIds, links };
}

type Planned = { values: Record<string, string> } & Checked;

function plan(portal: PortalState, scopes: ReadonlySet<string>, kind: EngagementKind, inputs: CreateInput[]): Planned[] | HubSpotError {
  const issues: PropertyIssue[] = [];
  const planned: Planned[] = [];
  for (const input of inputs) {
    const assoc = checkAssociations(portal, scopes, kind, input.associations);
    if ('status' in assoc) return assoc;
    const checked = validateWrite(portal, kind, input.properties);
    if (!checked.ok) issues.push(...checked.issues);
    // HubSpot's notes, tasks and calls guides document hs_timestamp as required (the note's
    // time, the task's due date, when the call took place); the sandbox refuses an engagement without it (the wording is the sandbox's own).
    else if (!checked.values.hs_timestamp) issues.push({ name: 'hs_timestamp', error: 'REQUIRED_FIELD', message: 'Property "hs_timestamp" is required.' });
    else planned.push({ values: checked.values, ...assoc });
  }
  return issues.length ? validationErrorBody(portal.portalId, issues) : planned;
}

export function registerEngagementWrites(app: FastifyInstance, ctx: SandboxContext, kind: EngagementKind): void {
  const onRequest = apiGuard(ctx, ROUTE_SCOPES.contactsWrite);
  const base = `/crm/v3/objects/${kind}`;

  app.post(base, { onRequest }, async (request, reply) => {
    const body = parseInput(createInput, request.body, reply);
    if (!body) return reply;
    const { portal, token } = authOf(request);
    const planned = plan(portal, token.scopeSet, kind, [body]);
    if (!Array.isArray(planned)) return sendError(reply, planned.category === 'MISSING_SCOPES' ? 403 : 400, planned);
    const [one] = planned;
    if (!one) return sendError(reply, 400, hubspotError('Invalid input JSON: no input', 'VALIDATION_ERROR'));
    const record = create(ctx, portal, kind, one);
    reply.header('location', `${base}/${record.id}`);
    return reply.code(201).send(serializeRecord(portal, record, Object.keys(record.properties)));
  });

  app.post(`${base}/batch/create`, { onRequest }, async (request, reply) => {
    const body = parseInput(batchCreateBody, request.body, reply);
    if (!body) return reply;
    const { portal, token } = authOf(request);
    const planned = plan(portal, token.scopeSet, kind, body.inputs);
    if (!Array.isArray(planned)) return sendError(reply, planned.category === 'MISSING_SCOPES' ? 403 : 400, planned);
    const startedAt = new Date(ctx.now()).toISOString();
    const records = planned.map((p) => create(ctx, portal, kind, p));
    return reply.code(201).send({
      status: 'COMPLETE',
      results: records.map((r) => serializeRecord(portal, r, Object.keys(r.properties))),
      startedAt,
      completedAt: new Date(ctx.now()).toISOString(),
    });
  });
}

function create(ctx: SandboxContext, portal: PortalState, kind: EngagementKind, p: Planned) {
  const record = createEngagement(ctx.state, portal, kind, p.values, p.contactIds, ctx.now());
  for (const l of p.links) link(portal, kind, record.id, l.kind, l.id);
  return record;
}
