import type { ObjectKind } from './property-defs.js';
import type { PortalState } from './state.js';

/**
 * HubSpot-defined (unlabeled) association type ids between the objects the sandbox serves,
 * from → to, as HubSpot's v4 associations guide lists them (e.g. contact→company 279,
 * deal→company 341, note→deal 214, task→ticket 230). Contact↔note/task/call associations live in
 * the contact-engagement index (state.engagementsByContact); every other pair in `portal.links`.
 */

export const ASSOCIATION_TYPE_IDS: Record<string, number> = {
  'contacts>notes': 201, 'notes>contacts': 202, 'contacts>tasks': 203, 'tasks>contacts': 204, 'contacts>calls': 193, 'calls>contacts': 194,
  'contacts>companies': 279, 'companies>contacts': 280,
  'deals>contacts': 3, 'contacts>deals': 4,
  'deals>companies': 341, 'companies>deals': 342,
  'contacts>tickets': 15, 'tickets>contacts': 16,
  'tickets>companies': 339, 'companies>tickets': 340,
  'deals>tickets': 27, 'tickets>deals': 28,
  'companies>notes': 189, 'notes>companies': 190, 'companies>tasks': 191, 'tasks>companies': 192,
  'deals>notes': 213, 'notes>deals': 214, 'deals>tasks': 215, 'tasks>deals': 216,
  'tickets>notes': 227, 'notes>tickets': 228, 'tickets>tasks': 229, 'tasks>tickets': 230,
};

/** Association labels in v3 `associations=` answers (`{from}_to_{to}`, singular). */
export function v3AssociationLabel(from: ObjectKind, to: string): string {
  const singular = (k: string) => (k === 'companies' ? 'company' : k.replace(/s$/, ''));
  return `${singular(from)}_to_${singular(to)}`;
}

const key = (kind: string, id: string, to: string) => `${kind}:${id}>${to}`;

export function linkedIds(portal: PortalState, kind: string, id: string, to: string): string[] {
  return [...(portal.links.get(key(kind, id, to)) ?? [])];
}

/** Associates two records both ways (HubSpot associations are always paired). */
export function link(portal: PortalState, aKind: string, aId: string, bKind: string, bId: string): void {
  for (const [k, id, to, other] of [[aKind, aId, bKind, bId], [bKind, bId, aKind, aId]] as const) {
    const k2 = key(k, id, to);
    let set = portal.links.get(k2);
    if (!set) portal.links.set(k2, (set = new Set()));
    set.add(other);
  }
}
