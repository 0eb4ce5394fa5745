import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, parseInput, type SandboxContext } from '../context.js';
import { hubspotError, sendError } from '../errors.js';
import { guardByObjectParam } from '../object-guard.js';
import { PROPERTY_DEFS, type ObjectKind, type PropertyDef } from '../property-defs.js';
import { optionsFor } from '../property-validation.js';
import { ROUTE_SCOPES } from '../scopes.js';
import type { PortalState } from '../state.js';

/** `GET /crm/v3/properties/{objectType}` and `/{propertyName}` in HubSpot's Property shape. */

const OBJECT_ALIASES: Record<string, ObjectKind> = {
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  notes: 'notes', note: 'notes', '0-46': 'notes',
  tasks: 'tasks', task: 'tasks', '0-27': 'tasks',
  calls: 'calls', call: 'calls', '0-48': 'calls',
  companies: 'companies', company: 'companies', '0-2': 'companies',
  deals: 'deals', deal: 'deals', '0-3': 'deals',
  tickets: 'tickets', ticket: 'tickets', '0-5': 'tickets',
};

/** Companies, deals and tickets need their own object (or schema) scope; the rest ride on contacts. */
const OBJECT_SCOPES: Partial<Record<ObjectKind, readonly string[]>> = {
  companies: [...ROUTE_SCOPES.companiesRead, 'crm.schemas.companies.read'],
  deals: [...ROUTE_SCOPES.dealsRead, 'crm.schemas.deals.read'],
  tickets: ROUTE_SCOPES.tickets,
};

const typeParams = z.object({ objectType: z.string() });
const propertyParams = z.object({ objectType: z.string(), propertyName: z.string() });

const DEFINED_AT = '2019-08-06T02:41:52.160Z';

export function propertyJson(portal: PortalState, def: PropertyDef, displayOrder: number): Record<string, unknown> {
  const readOnly = def.readOnly ?? false;
  const out: Record<string, unknown> = {
    updatedAt: DEFINED_AT,
    createdAt: DEFINED_AT,
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    description: def.description ?? '',
    groupName: def.groupName,
    options: optionsFor(portal, def).map((o, i) => ({ label: o.label, value: o.value, description: '', displayOrder: i, hidden: false })),
    displayOrder,
    calculated: def.calculated ?? false,
    externalOptions: def.dynamicOptions !== undefined,
    hasUniqueValue: def.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: def.hubspotDefined ?? true,
    modificationMetadata: { archivable: !(def.hubspotDefined ?? true), readOnlyDefinition: def.hubspotDefined ?? true, readOnlyValue: readOnly },
    formField: !readOnly,
    dataSensitivity: 'non_sensitive',
  };
  if (def.referencedObjectType) out.referencedObjectType = def.referencedObjectType;
  return out;
}

export function registerProperties(app: FastifyInstance, ctx: SandboxContext): void {
  const onRequest = guardByObjectParam(ctx, (type) => {
    const kind = OBJECT_ALIASES[type];
    return (kind && OBJECT_SCOPES[kind]) ?? ROUTE_SCOPES.properties;
  });
  const unknownType = (t: string) => hubspotError(`Unable to infer object type from: ${t}`, 'OBJECT_NOT_FOUND');

  app.get('/crm/v3/properties/:objectType', { onRequest }, async (request, reply) => {
    const params = parseInput(typeParams, request.params, reply, 'path');
    if (!params) return reply;
    const kind = OBJECT_ALIASES[params.objectType.toLowerCase()];
    if (!kind) return sendError(reply, 400, unknownType(params.objectType));
    const { portal } = authOf(request);
    return { results: [...PROPERTY_DEFS[kind].values()].map((d, i) => propertyJson(portal, d, i)) };
  });

  app.get('/crm/v3/properties/:objectType/:propertyName', { onRequest }, async (request, reply) => {
    const params = parseInput(propertyParams, request.params, reply, 'path');
    if (!params) return reply;
    const kind = OBJECT_ALIASES[params.objectType.toLowerCase()];
    if (!kind) return sendError(reply, 400, unknownType(params.objectType));
    const def = PROPERTY_DEFS[kind].get(params.propertyName);
    if (!def) return sendError(reply, 404, hubspotError(`Unable to find property ${params.propertyName} for object type ${kind}`, 'OBJECT_NOT_FOUND'));
    const { portal } = authOf(request);
    return propertyJson(portal, def, [...PROPERTY_DEFS[kind].keys()].indexOf(def.name));
  });
}
