import type { OutboxRow } from '../../db/schema';

/**
 * HubSpot refuses a `batch/update` that names an id twice (400 "Duplicate IDs found in batch
 * input"), so the batch builder merges a round's edits into one input per contact. Today the
 * claim (claim.ts) already keeps a contact's edits in separate rounds, to keep their order
 * across instances; the merge makes the batch itself safe whatever a round holds.
 *
 * Order: writes apply in the order they were accepted (`created_at`, then id, as the outbox is
 * claimed), so for each property the latest accepted edit wins, as if each had been sent alone
 * in turn. Each write still gets its own outcome and audit row: its `before` is the value the
 * previous edit in that order left (HubSpot's value for the first), and a write whose value
 * never reached HubSpot because a later write replaced it names that write in `overriddenBy`.
 */

export interface MergedEdits {
  inputs: { id: string; properties: Record<string, string> }[];
  /** write id → property → id of the later write whose value was sent instead. */
  overriddenBy: Map<string, Record<string, string>>;
  /** Each write's "before" values from HubSpot's current values of the round's contacts. */
  beforeEach(current: ReadonlyMap<string, Record<string, string | null>>): Map<string, Record<string, string | null>>;
}

const accepted = (a: OutboxRow, b: OutboxRow) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function mergeByContact(rows: readonly OutboxRow[], payloadOf: (row: OutboxRow) => Record<string, string>): MergedEdits {
  const ordered = [...rows].sort(accepted);
  const byContact = new Map<string, Record<string, string>>();
  const lastWriter = new Map<string, Map<string, string>>();
  const overriddenBy = new Map<string, Record<string, string>>();
  for (const row of ordered) {
    const props = byContact.get(row.contact_id) ?? {};
    const writers = lastWriter.get(row.contact_id) ?? new Map<string, string>();
    for (const [name, value] of Object.entries(payloadOf(row))) {
      const earlier = writers.get(name);
      if (earlier !== undefined) overriddenBy.set(earlier, { ...overriddenBy.get(earlier), [name]: row.id });
      props[name] = value;
      writers.set(name, row.id);
    }
    byContact.set(row.contact_id, props);
    lastWriter.set(row.contact_id, writers);
  }
  return {
    inputs: [...byContact].map(([id, properties]) => ({ id, properties })),
    overriddenBy,
    beforeEach(current) {
      const running = new Map<string, Record<string, string | null>>();
      const out = new Map<string, Record<string, string | null>>();
      for (const row of ordered) {
        const state = running.get(row.contact_id) ?? { ...current.get(row.contact_id) };
        const after = payloadOf(row);
        out.set(row.id, Object.fromEntries(Object.keys(after).map((k) => [k, state[k] ?? null])));
        Object.assign(state, after);
        running.set(row.contact_id, state);
      }
      return out;
    },
  };
}
