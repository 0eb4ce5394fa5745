import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { OutboxRow } from '../../db/schema';

/**
 * HubSpot refuses a `batch/update` that names an id twice (400 "Duplicate IDs found in batch
 * input"), so the batch builder merges a round's edits into one input per record — a record
 * being its object and id (contact 5 and deal 5 are two records, and go in two batches, one per
 * object). Today the claim (claim.ts) already keeps a record's edits in separate rounds, to keep
 * their order across instances; the merge makes the batch itself safe whatever a round holds.
 *
 * Order: writes apply in the order they were accepted (`created_at`, then id, as the outbox is
 * claimed), so for each property the latest accepted edit wins, as if each had been sent alone
 * in turn. Each write still gets its own outcome and audit row: its `before` is the value the
 * previous edit in that order left (HubSpot's value for the first), and a write whose value
 * never reached HubSpot because a later write replaced it names that write in `overriddenBy`.
 */

export interface MergedEdits {
  inputs: { objectType: CrmObjectTypeId; id: string; properties: Record<string, string> }[];
  /** write id → property → id of the later write whose value was sent instead. */
  overriddenBy: Map<string, Record<string, string>>;
  /** Each write's "before" values from HubSpot's current values of the round's records (keyed by recordKey). */
  beforeEach(current: ReadonlyMap<string, Record<string, string | null>>): Map<string, Record<string, string | null>>;
}

/** A record's key in the round: object and id. */
export const recordKey = (row: Pick<OutboxRow, 'object_type' | 'contact_id'>) => `${row.object_type}:${row.contact_id}`;

const accepted = (a: OutboxRow, b: OutboxRow) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function mergeByRecord(rows: readonly OutboxRow[], payloadOf: (row: OutboxRow) => Record<string, string>): MergedEdits {
  const ordered = [...rows].sort(accepted);
  const byRecord = new Map<string, { objectType: CrmObjectTypeId; id: string; properties: Record<string, string> }>();
  const lastWriter = new Map<string, Map<string, string>>();
  const overriddenBy = new Map<string, Record<string, string>>();
  for (const row of ordered) {
    const key = recordKey(row);
    const input = byRecord.get(key) ?? { objectType: row.object_type, id: row.contact_id, properties: {} };
    const writers = lastWriter.get(key) ?? new Map<string, string>();
    for (const [name, value] of Object.entries(payloadOf(row))) {
      const earlier = writers.get(name);
      if (earlier !== undefined) overriddenBy.set(earlier, { ...overriddenBy.get(earlier), [name]: row.id });
      input.properties[name] = value;
      writers.set(name, row.id);
    }
    byRecord.set(key, input);
    lastWriter.set(key, writers);
  }
  return {
    inputs: [...byRecord.values()],
    overriddenBy,
    beforeEach(current) {
      const running = new Map<string, Record<string, string | null>>();
      const out = new Map<string, Record<string, string | null>>();
      for (const row of ordered) {
        const key = recordKey(row);
        const state = running.get(key) ?? { ...current.get(key) };
        const after = payloadOf(row);
        out.set(row.id, Object.fromEntries(Object.keys(after).map((k) => [k, state[k] ?? null])));
        Object.assign(state, after);
        running.set(key, state);
      }
      return out;
    },
  };
}
