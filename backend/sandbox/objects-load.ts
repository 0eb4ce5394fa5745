import { link } from './associations.js';
import { DEFAULT_CALL_OUTCOMES } from './call-outcomes.js';
import { deriveOwnership } from './ownership.js';
import type { SeedObjects } from './seed-objects.js';
import type { CrmRecord, PortalState } from './state.js';

/**
 * Companies, deals and tickets of a seed portal, with its pipelines, currencies and associations.
 * The clock helpers come in as arguments so this module needs nothing at runtime from state.ts.
 */
export function loadObjects(portal: PortalState, objects: SeedObjects, epoch: number, instant: (ms: number) => string): void {
  portal.pipelines = { deals: objects.pipelines.deals.map((p) => ({ ...p })), tickets: objects.pipelines.tickets.map((p) => ({ ...p })) };
  portal.exchangeRates = objects.exchangeRates.map((r) => ({ ...r }));
  portal.callOutcomes = [...DEFAULT_CALL_OUTCOMES, ...objects.customCallOutcomes].map((o) => ({ ...o }));
  let minute = 0;
  for (const kind of ['companies', 'deals', 'tickets'] as const) {
    for (const o of Object.values(objects[kind])) {
      const at = epoch + minute++ * 60_000;
      const id = String(o.id);
      const record: CrmRecord = {
        id,
        kind,
        properties: { ...o.properties, hs_object_id: id, createdate: instant(at), hs_lastmodifieddate: instant(at) },
        createdAt: at,
        updatedAt: at,
        archived: false,
        contactIds: [],
      };
      deriveOwnership(portal, record.properties);
      portal[kind].set(id, record);
    }
  }
  for (const [fromKind, fromId, toKind, toId] of objects.associations) link(portal, fromKind, String(fromId), toKind, String(toId));
}
