import { describe, expect, it } from 'vitest';
import { mergeByRecord } from '../../../backend/services/delivery/merge-edits';
import type { OutboxRow } from '../../../backend/db/schema';

/** One batch input per record (object and id), the later accepted edit winning per property, each write's own before/after. */

const row = (id: string, contactId: string, createdAt: number, payload: Record<string, string>, objectType = '0-1') =>
  ({ id, contact_id: contactId, object_type: objectType, created_at: createdAt, kind: 'properties', payload: JSON.stringify(payload) }) as unknown as OutboxRow;
const payloadOf = (r: OutboxRow) => JSON.parse(r.payload) as Record<string, string>;

describe('mergeByRecord', () => {
  // Given out of order on purpose: acceptance order (created_at, then id) decides, not batch order.
  const rows = [
    row('w3', '101', 30, { city: 'Braga' }),
    row('w1', '101', 10, { city: 'Porto', jobtitle: 'Buyer' }),
    row('w2', '102', 20, { city: 'Faro' }),
    row('w4', '101', 30, { jobtitle: 'CFO' }),
  ];

  it('sends each record once, with the latest accepted value of each property', () => {
    const merged = mergeByRecord(rows, payloadOf);
    expect(merged.inputs).toEqual([
      { objectType: '0-1', id: '101', properties: { city: 'Braga', jobtitle: 'CFO' } },
      { objectType: '0-1', id: '102', properties: { city: 'Faro' } },
    ]);
    expect(new Set(merged.inputs.map((i) => i.id)).size).toBe(merged.inputs.length);
  });

  it('keeps contact 5 and deal 5 apart: two records, neither overriding the other', () => {
    const merged = mergeByRecord([row('c', '5', 10, { city: 'Porto' }), row('d', '5', 20, { city: 'Faro' }, '0-3')], payloadOf);
    expect(merged.inputs).toEqual([
      { objectType: '0-1', id: '5', properties: { city: 'Porto' } },
      { objectType: '0-3', id: '5', properties: { city: 'Faro' } },
    ]);
    expect(merged.overriddenBy.size).toBe(0);
    const before = merged.beforeEach(new Map([['0-1:5', { city: 'Lisbon' }], ['0-3:5', { city: 'Evora' }]]));
    expect(before.get('c')).toEqual({ city: 'Lisbon' });
    expect(before.get('d')).toEqual({ city: 'Evora' });
  });

  it('names, per write, the later write whose value replaced its own', () => {
    const merged = mergeByRecord(rows, payloadOf);
    expect(merged.overriddenBy.get('w1')).toEqual({ city: 'w3', jobtitle: 'w4' });
    expect(merged.overriddenBy.has('w3')).toBe(false);
    expect(merged.overriddenBy.has('w2')).toBe(false);
  });

  it("gives each write the value the previous edit left as its before (HubSpot's for the first)", () => {
    const merged = mergeByRecord(rows, payloadOf);
    const before = merged.beforeEach(new Map<string, Record<string, string | null>>([['0-1:101', { city: 'Boston', jobtitle: null }], ['0-1:102', { city: 'Austin' }]]));
    expect(before.get('w1')).toEqual({ city: 'Boston', jobtitle: null });
    expect(before.get('w3')).toEqual({ city: 'Porto' });
    expect(before.get('w4')).toEqual({ jobtitle: 'Buyer' });
    expect(before.get('w2')).toEqual({ city: 'Austin' });
  });
});
