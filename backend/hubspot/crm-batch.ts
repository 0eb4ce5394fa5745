import { z } from 'zod';
import { ok } from '../../lib/contract/errors';
import { answered, type Answered } from './answered';
import { unreadableAnswer, type PortalSend, type SendResult } from './portal-send';

/**
 * The CRM batch endpoints the delivery worker uses (each ≤ 100 inputs, HubSpot's batch size):
 * contacts `batch/read` and `batch/update`, engagements' (notes, tasks…) `batch/create` with their
 * contact association, and their `batch/read` of the body. Answers are read with zod; a 207's
 * per-input errors (`errors[].context.ids`) become the ids HubSpot did not have.
 */

/**
 * A HubSpot object Portside creates on a contact, as the write-kind registry describes it
 * (backend/services/writes/kinds.ts): its object type in the CRM paths, the property holding its
 * body (where Portside's marker lives) and its HubSpot-defined association type to contacts.
 */
export interface EngagementObject {
  type: string;
  bodyProperty: string;
  toContactAssociationTypeId: number;
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

const missingIds = (a: BatchAnswer) => (a.errors ?? []).flatMap((e) => e.context?.ids ?? []);

/** Contacts by id with the named properties; ids HubSpot does not have are absent. */
export async function readContactsBatch(send: PortalSend, ids: readonly string[], properties: readonly string[]): Promise<SendResult<Answered<CrmRecord[]>>> {
  const r = await batch(send, 'contacts.batch_read', '/crm/v3/objects/contacts/batch/read', { inputs: ids.map((id) => ({ id })), properties }, ids.length);
  return r.ok ? ok({ ...r.data, value: r.data.value.results }) : r;
}

/** Property changes, one input per contact; `missing` are contacts HubSpot did not have. */
export async function updateContactsBatch(send: PortalSend, inputs: readonly { id: string; properties: Record<string, string> }[]): Promise<SendResult<Answered<{ updated: CrmRecord[]; missing: string[] }>>> {
  const r = await batch(send, 'contacts.batch_update', '/crm/v3/objects/contacts/batch/update', { inputs }, inputs.length);
  return r.ok ? ok({ ...r.data, value: { updated: r.data.value.results, missing: missingIds(r.data.value) } }) : r;
}

/** Engagements of one object type, each associated with its contact; results in HubSpot's order (not the inputs'). */
export async function createEngagementsBatch(send: PortalSend, object: EngagementObject, inputs: readonly { contactId: string; properties: Record<string, string> }[]): Promise<SendResult<Answered<CrmRecord[]>>> {
  const json = {
    inputs: inputs.map((i) => ({
      properties: i.properties,
      associations: [{ to: { id: i.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: object.toContactAssociationTypeId }] }],
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
