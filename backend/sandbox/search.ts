import { z } from 'zod';
import type { EngagementKind, ObjectKind } from './property-defs.js';
import type { CrmRecord, PortalState } from './state.js';
import { store } from './crm.js';

/**
 * CRM search (`POST /crm/v3/objects/{type}/search`): filterGroups are OR-ed, filters inside a
 * group AND-ed; limits of 5 groups, 6 filters per group, 18 filters in all and 200 results a
 * page as HubSpot documents. `associations.contact` filters notes and tasks by contact.
 * CONTAINS_TOKEN is a case-insensitive substring match with `*` as a wildcard (HubSpot
 * tokenises text first; for the marker look-ups the backend does both agree).
 */

const operator = z.enum([
  'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
]);
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator,
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});

export const searchSchema = z
  .object({
    filterGroups: z.array(z.object({ filters: z.array(filterSchema).max(6) })).max(5).default([]),
    sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') })])).default([]),
    query: z.string().optional(),
    properties: z.array(z.string()).optional(),
    limit: z.number().int().min(0).max(200).nullish(),
    after: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).nullish(),
  })
  .refine((b) => b.filterGroups.reduce((n, g) => n + g.filters.length, 0) <= 18, { message: 'at most 18 filters in all', path: ['filterGroups'] });

export type SearchRequest = z.infer<typeof searchSchema>;
type Filter = z.infer<typeof filterSchema>;

const QUERY_PROPERTIES: Record<ObjectKind, readonly string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'],
  notes: ['hs_note_body'],
  tasks: ['hs_task_subject', 'hs_task_body'],
  companies: ['name', 'domain', 'phone'],
  deals: ['dealname'],
  tickets: ['subject', 'content'],
  calls: ['hs_call_title', 'hs_call_body'],
};

function wildcard(value: string): RegExp {
  const escaped = value.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(escaped);
}

function compare(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.localeCompare(b);
}

function valueOf(record: CrmRecord, name: string): string | undefined {
  if (name === 'associations.contact') return undefined;
  if (name === 'hs_object_id') return record.id;
  return record.properties[name];
}

function matchFilter(record: CrmRecord, f: Filter): boolean {
  if (f.propertyName === 'associations.contact') {
    const ids = record.contactIds;
    if (f.operator === 'EQ') return f.value !== undefined && ids.includes(f.value);
    if (f.operator === 'IN') return (f.values ?? []).some((v) => ids.includes(v));
    if (f.operator === 'NEQ') return f.value !== undefined && !ids.includes(f.value);
    return false;
  }
  const v = valueOf(record, f.propertyName);
  const want = f.value ?? '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return v !== undefined && v !== '';
    case 'NOT_HAS_PROPERTY':
      return v === undefined || v === '';
    case 'EQ':
      return v !== undefined && v.toLowerCase() === want.toLowerCase();
    case 'NEQ':
      return v === undefined || v.toLowerCase() !== want.toLowerCase();
    case 'IN':
      return v !== undefined && (f.values ?? []).includes(v.toLowerCase());
    case 'NOT_IN':
      return v === undefined || !(f.values ?? []).includes(v.toLowerCase());
    case 'CONTAINS_TOKEN':
      return v !== undefined && wildcard(want).test(v.toLowerCase());
    case 'NOT_CONTAINS_TOKEN':
      return v === undefined || !wildcard(want).test(v.toLowerCase());
    case 'LT':
      return v !== undefined && compare(v, want) < 0;
    case 'LTE':
      return v !== undefined && compare(v, want) <= 0;
    case 'GT':
      return v !== undefined && compare(v, want) > 0;
    case 'GTE':
      return v !== undefined && compare(v, want) >= 0;
    case 'BETWEEN':
      return v !== undefined && compare(v, want) >= 0 && compare(v, f.highValue ?? '') <= 0;
  }
}

/** Narrows the scan with the association index when every group pins a contact. */
function candidates(portal: PortalState, kind: ObjectKind, req: SearchRequest): Iterable<CrmRecord> {
  if (kind === 'contacts' || req.filterGroups.length === 0) return store(portal, kind).values();
  const ids = new Set<string>();
  for (const g of req.filterGroups) {
    const pin = g.filters.find((f) => f.propertyName === 'associations.contact' && f.operator === 'EQ' && f.value !== undefined);
    if (!pin?.value) return store(portal, kind).values();
    for (const id of portal.engagementsByContact.get(pin.value)?.[kind as EngagementKind] ?? []) ids.add(id);
  }
  const map = store(portal, kind);
  return [...ids].flatMap((id) => map.get(id) ?? []);
}

export interface SearchPage {
  total: number;
  results: CrmRecord[];
  nextAfter: string | null;
}

export function runSearch(portal: PortalState, kind: ObjectKind, req: SearchRequest): SearchPage {
  const q = req.query?.toLowerCase();
  const matched: CrmRecord[] = [];
  for (const r of candidates(portal, kind, req)) {
    if (r.archived) continue;
    if (req.filterGroups.length && !req.filterGroups.some((g) => g.filters.every((f) => matchFilter(r, f)))) continue;
    if (q && !QUERY_PROPERTIES[kind].some((p) => r.properties[p]?.toLowerCase().includes(q))) continue;
    matched.push(r);
  }
  const sort = req.sorts[0];
  if (sort) {
    const name = typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
    const desc = typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING';
    matched.sort((a, b) => (desc ? -1 : 1) * compare(valueOf(a, name) ?? '', valueOf(b, name) ?? ''));
  } else {
    matched.sort((a, b) => compare(a.id, b.id));
  }
  const offset = req.after === undefined || req.after === null ? 0 : Number(req.after);
  const limit = req.limit ?? 10;
  const results = matched.slice(offset, offset + limit);
  const next = offset + limit < matched.length ? String(offset + limit) : null;
  return { total: matched.length, results, nextAfter: next };
}
