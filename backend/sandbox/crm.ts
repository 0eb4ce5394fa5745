import { ALWAYS_PROPERTIES, DEFAULT_PROPERTIES, PROPERTY_DEFS, type EngagementKind, type ObjectKind } from './property-defs.js';
import { linkedIds, v3AssociationLabel } from './associations.js';
import { deriveOwnership, engagementsOf } from './ownership.js';
import { hubspotInstant, type CrmRecord, type PortalState, type SandboxState } from './state.js';

/** Reading and writing CRM records and shaping them as HubSpot's SimplePublicObject. */

export const OBJECT_TYPE_IDS: Record<ObjectKind, string> = { contacts: '0-1', notes: '0-46', tasks: '0-27', calls: '0-48',
  companies: '0-2', deals: '0-3', tickets: '0-5' };

/** Association labels as HubSpot names them in v3 answers. */
export const ASSOCIATION_LABELS: Record<string, string> = {
  'contacts>notes': 'contact_to_note',
  'contacts>tasks': 'contact_to_task',
  'contacts>calls': 'contact_to_call',
  'notes>contacts': 'note_to_contact',
  'tasks>contacts': 'task_to_contact',
  'calls>contacts': 'call_to_contact',
};

/** `properties=a&properties=b` and `properties=a,b` are both accepted, as HubSpot does. */
export function splitList(value: string | string[] | undefined): string[] | null {
  if (value === undefined) return null;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
  const out = parts.map((p) => p.trim()).filter(Boolean);
  return out.length ? out : null;
}

export interface SimplePublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/**
 * Requested properties come back as their value or `null` when unset; names the object does not
 * have are left out. Without a list the documented default set is returned.
 */
export function serializeRecord(
  portal: PortalState,
  record: CrmRecord,
  requested: readonly string[] | null,
  associations: readonly string[] | null = null,
): SimplePublicObject {
  const defs = PROPERTY_DEFS[record.kind];
  const names = requested ? [...requested, ...ALWAYS_PROPERTIES[record.kind]] : DEFAULT_PROPERTIES[record.kind];
  const properties: Record<string, string | null> = {};
  for (const name of names) {
    if (name in properties) continue;
    const value = calculated(portal, record, name) ?? record.properties[name];
    if (value !== undefined) properties[name] = value;
    else if (defs.has(name)) properties[name] = null;
  }
  const out: SimplePublicObject = {
    id: record.id,
    properties,
    createdAt: hubspotInstant(record.createdAt),
    updatedAt: hubspotInstant(record.updatedAt),
    archived: record.archived,
  };
  if (associations) {
    const assoc: NonNullable<SimplePublicObject['associations']> = {};
    for (const to of associations) {
      const ids = associatedIds(portal, record, to);
      const label = ASSOCIATION_LABELS[`${record.kind}>${to}`] ?? v3AssociationLabel(record.kind, to);
      if (ids.length && label) assoc[to] = { results: ids.map((id) => ({ id, type: label })) };
    }
    if (Object.keys(assoc).length) out.associations = assoc;
  }
  return out;
}

/**
 * Properties HubSpot calculates when the record is read rather than stores: the number of
 * associated contacts of a company or deal (archived contacts do not count).
 */
function calculated(portal: PortalState, record: CrmRecord, name: string): string | undefined {
  if (name === 'num_associated_contacts' && (record.kind === 'companies' || record.kind === 'deals')) return String(associatedIds(portal, record, 'contacts').length);
  return undefined;
}

export function associatedIds(portal: PortalState, record: CrmRecord, to: string): string[] {
  if (record.kind === 'contacts' && (to === 'notes' || to === 'tasks' || to === 'calls')) {
    const entry = portal.engagementsByContact.get(record.id);
    return entry ? [...entry[to]] : [];
  }
  if ((record.kind === 'notes' || record.kind === 'tasks' || record.kind === 'calls') && to === 'contacts') return [...record.contactIds];
  const target = KIND_BY_NAME[to];
  return linkedIds(portal, record.kind, record.id, to).filter((id) => !target || !store(portal, target).get(id)?.archived);
}

const KIND_BY_NAME: Record<string, ObjectKind> = { contacts: 'contacts', notes: 'notes', tasks: 'tasks', calls: 'calls', companies: 'companies', deals: 'deals', tickets: 'tickets' };

export function store(portal: PortalState, kind: ObjectKind): Map<string, CrmRecord> {
  return kind === 'contacts' ? portal.contacts : portal[kind];
}

export function findRecord(portal: PortalState, kind: ObjectKind, id: string, idProperty?: string): CrmRecord | undefined {
  if (kind === 'contacts' && idProperty === 'email') {
    const found = portal.contactsByEmail.get(id.toLowerCase());
    return found ? portal.contacts.get(found) : undefined;
  }
  const record = store(portal, kind).get(id);
  return record && !record.archived ? record : undefined;
}

/** Applies validated values; an empty string clears. Ownership-derived properties follow the owner. */
export function applyValues(portal: PortalState, record: CrmRecord, values: Record<string, string>, now: number): void {
  const previousEmail = record.properties.email;
  for (const [name, value] of Object.entries(values)) {
    if (value === '') delete record.properties[name];
    else record.properties[name] = value;
  }
  if (record.kind === 'contacts') {
    if ('hubspot_owner_id' in values) deriveOwnership(portal, record.properties);
    const email = record.properties.email;
    if (previousEmail !== email) {
      if (previousEmail) portal.contactsByEmail.delete(previousEmail.toLowerCase());
      if (email) portal.contactsByEmail.set(email.toLowerCase(), record.id);
    }
    record.properties.lastmodifieddate = hubspotInstant(now);
  } else {
    if (record.kind !== 'notes' && record.kind !== 'tasks' && 'hubspot_owner_id' in values) deriveOwnership(portal, record.properties);
    record.properties.hs_lastmodifieddate = hubspotInstant(now);
  }
  record.updatedAt = now;
}

export function updateContact(state: SandboxState, portal: PortalState, record: CrmRecord, values: Record<string, string>, now: number): void {
  applyValues(portal, record, values, now);
  state.counters.writes.contactUpdates++;
}

export function createEngagement(
  state: SandboxState,
  portal: PortalState,
  kind: EngagementKind,
  values: Record<string, string>,
  contactIds: string[],
  now: number,
): CrmRecord {
  const id = state.newEngagementId();
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== '') properties[k] = v;
  if (kind === 'tasks') properties.hs_task_status ??= 'NOT_STARTED';
  properties.hs_createdate = hubspotInstant(now);
  properties.hs_lastmodifieddate = hubspotInstant(now);
  properties.hs_object_id = id;
  const record: CrmRecord = { id, kind, properties, createdAt: now, updatedAt: now, archived: false, contactIds: [...new Set(contactIds)] };
  store(portal, kind).set(id, record);
  for (const contactId of record.contactIds) {
    engagementsOf(portal, contactId)[kind].add(id);
    const contact = portal.contacts.get(contactId);
    if (contact && kind === 'notes') contact.properties.num_notes = String(Number(contact.properties.num_notes ?? '0') + 1);
  }
  state.counters.writes[kind]++;
  return record;
}
