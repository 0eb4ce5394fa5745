import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import type { CrmObjectTypeId } from '../../lib/contract/crm-objects';
import { answered, type Answered } from './answered';
import { OBJECT_API, type CrmObjectName } from './objects';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The CRM batch endpoints the delivery worker uses (each ≤ 100 inputs, HubSpot's batch size):
 * contacts `batch/read`, a CRM object's `batch/update` (contacts, companies, deals, tickets),
 * engagements' (notes, tasks…) `batch/create` with their association to the record they are
 * written on, and their `batch/read` of the body. Answers are read with zod; a 207's
 * per-input errors (`errors[].context.ids`) become the ids HubSpot did not have.
 */

/**
 * A HubSpot object Portside creates on a record, as the write-kind registry describes it
 * (backend/services/write-kinds/registry.ts): its object type in the CRM paths, the property
 * holding its body (where Portside's marker lives) and its HubSpot-defined association type to
 * each CRM object it may be written on (engagement-associations.ts).
 */
export interface EngagementObject {
  type: string;
  bodyProperty: string;
  associationTypeIdTo: Partial<Record<CrmObjectTypeId, number>>;
}

/** The association type from the engagement to a record of `objectType`; none is a programming error (acceptance refuses such a write). */
export function associationTypeId(o: EngagementObject, objectType: CrmObjectTypeId): number {
  const id = o.associationTypeIdTo[objectType];
  if (id === undefined) throw new Error(`${o.type} cannot be associated with object ${objectType}`);
  return id;
}

/** Object types go into paths: only plain lower-case names, whatever a registry entry says. */
function pathType(o: EngagementObject): string {
  if (!/^[a-z_]{1,40}$/.test(o.type)) throw new Error('engagement object type must be a plain name');
  return o.type;
}

export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
}

export const BATCH_MAX = 100;

const Obj = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).default({}) });
const BatchAnswer = z.object({
  results: z.array(Obj).default([]),
  errors: z.array(z.object({ category: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() })).optional(),
});
type BatchAnswer = z.infer<typeof BatchAnswer>;

async function batch(send: PortalSend, operation: string, path: string, json: unknown, inputs: number): Promise<SendResult<Answered<BatchAnswer>>> {
  if (inputs > BATCH_MAX) throw new Error(`at most ${BATCH_MAX} inputs per batch`);
  const res = await send({ method: 'POST', path, json, operation });
  if (!res.ok) return res;
  const parsed = BatchAnswer.safeParse(res.data.body);
  if (!parsed.success) return unreadableAnswer(`the ${operation} batch`);
  return ok(answered(res.data, parsed.data));
}

/** Object names go into paths: only one of the four HubSpot names Portside knows. */
function knownName(name: CrmObjectName): CrmObjectName {
  if (!Object.values(OBJECT_API).some((o) => o.name === name)) throw new Error('unknown CRM object name');
  return name;
}

const missingIds = (a: BatchAnswer) => (a.errors ?? []).flatMap((e) => e.context?.ids ?? []);

/** Records of one CRM object by id with the named properties; ids HubSpot does not have are absent. */
export async function readRecordsBatch(send: PortalSend, objectName: CrmObjectName, ids: readonly string[], properties: readonly string[]): Promise<SendResult<Answered<CrmRecord[]>>> {
  const r = await batch(send, `${knownName(objectName)}.batch_read`, `/crm/v3/objects/${objectName}/batch/read`, { inputs: ids.map((id) => ({ id })), properties }, ids.length);
  return r.ok ? ok({ ...r.data, value: r.data.value.results }) : r;
}

export const readContactsBatch = (send: PortalSend, ids: readonly string[], properties: readonly string[]) => readRecordsBatch(send, 'contacts', ids, properties);

export type UpdateInput = { id: string; properties: Record<string, string> };
export type UpdateAnswer = { updated: CrmRecord[]; missing: string[] };

/** Property changes to records of one object (`/crm/v3/objects/{name}/batch/update`), one input per record; `missing` are records HubSpot did not have. */
export async function updateRecordsBatch(send: PortalSend, objectName: CrmObjectName, inputs: readonly UpdateInput[]): Promise<SendResult<Answered<UpdateAnswer>>> {
  const r = await batch(send, `${knownName(objectName)}.batch_update`, `/crm/v3/objects/${objectName}/batch/update`, { inputs }, inputs.length);
  return r.ok ? ok({ ...r.data, value: { updated: r.data.value.results, missing: missingIds(r.data.value) } }) : r;
}

export const updateContactsBatch = (send: PortalSend, inputs: readonly UpdateInput[]) => updateRecordsBatch(send, 'contacts', inputs);

/** An engagement to create and the record it is written on. */
export interface EngagementInput {
  recordId: string;
  objectType: CrmObjectTypeId;
  properties: Record<string, string>;
}

/** Engagements of one object type, each associated with its record; results in HubSpot's order (not the inputs'). */
export async function createEngagementsBatch(send: PortalSend, object: EngagementObject, inputs: readonly EngagementInput[]): Promise<SendResult<Answered<CrmRecord[]>>> {
  const json = {
    inputs: inputs.map((i) => ({
      properties: i.properties,
      associations: [{ to: { id: i.recordId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: associationTypeId(object, i.objectType) }] }],
    })),
  };
  const type = pathType(object);
  const r = await batch(send, `${type}.batch_create`, `/crm/v3/objects/${type}/batch/create`, json, inputs.length);
  return r.ok ? ok({ ...r.data, value: r.data.value.results }) : r;
}

/** Engagements of one object type by id with their body text only. */
export async function readEngagementBodies(send: PortalSend, object: EngagementObject, ids: readonly string[]): Promise<SendResult<Answered<{ id: string; body: string }[]>>> {
  const type = pathType(object);
  const r = await batch(send, `${type}.batch_read`, `/crm/v3/objects/${type}/batch/read`, { inputs: ids.map((id) => ({ id })), properties: [object.bodyProperty] }, ids.length);
  return r.ok ? ok({ ...r.data, value: r.data.value.results.map((x) => ({ id: x.id, body: engagementBody(object, x.properties) })) }) : r;
}

/** The body text of an engagement as HubSpot returned it (where Portside's marker lives). */
export const engagementBody = (object: EngagementObject, properties: Record<string, string | null>): string => properties[object.bodyProperty] ?? '';
