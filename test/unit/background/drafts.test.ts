import { describe, expect, it } from 'vitest';
import { deleteDraft, DRAFT_TTL_MS, getDraft, putDraft, type DraftKey } from '../../../lib/extension/background/drafts';
import type { KeyValueArea } from '../../../lib/extension/background/settings';

/** browser.storage.local's contract, in memory. */
function memoryArea(initial: Record<string, unknown> = {}) {
  const items = new Map(Object.entries(initial));
  const area: KeyValueArea = {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (more) => {
      for (const [k, v] of Object.entries(more)) items.set(k, v);
    },
    remove: async (keys) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) items.delete(k);
    },
  };
  return { area, items };
}

const contact: DraftKey = { portalId: '1001', objectType: '0-1', recordId: '123', kind: 'note' };
const deal: DraftKey = { portalId: '1001', objectType: '0-3', recordId: '123', kind: 'note' };
const NOW = 1_800_000_000_000;

describe('drafts per record', () => {
  it('keeps contact 123 and deal 123 apart', async () => {
    const { area } = memoryArea();
    await putDraft(area, contact, { body: 'for the contact' }, NOW);
    await putDraft(area, deal, { body: 'for the deal' }, NOW);
    expect(await getDraft(area, contact, NOW)).toEqual({ body: 'for the contact' });
    expect(await getDraft(area, deal, NOW)).toEqual({ body: 'for the deal' });
    await deleteDraft(area, deal);
    expect(await getDraft(area, deal, NOW)).toBeNull();
    expect(await getDraft(area, contact, NOW)).toEqual({ body: 'for the contact' });
  });

  it("moves a contact draft saved by an older panel to the new key, once, losing nothing", async () => {
    const { area, items } = memoryArea({ 'draft:1001:123:note': { fields: { body: 'typed before the update' }, savedAt: NOW - 1000 } });
    expect(await getDraft(area, contact, NOW)).toEqual({ body: 'typed before the update' });
    expect([...items.keys()]).toEqual(['draft:1001:0-1:123:note']);
    expect(await getDraft(area, contact, NOW)).toEqual({ body: 'typed before the update' });
    // A deal with the contact's id never sees the contact's old draft.
    expect(await getDraft(area, deal, NOW)).toBeNull();
  });

  it('an old contact draft does not come back after the new one is saved empty or deleted', async () => {
    const old = { 'draft:1001:123:note': { fields: { body: 'old' }, savedAt: NOW } };
    const a = memoryArea(old);
    await putDraft(a.area, contact, { body: 'new' }, NOW);
    expect(a.items.has('draft:1001:123:note')).toBe(false);
    await putDraft(a.area, contact, { body: '  ' }, NOW);
    expect(await getDraft(a.area, contact, NOW)).toBeNull();
    const b = memoryArea(old);
    await deleteDraft(b.area, contact);
    expect(await getDraft(b.area, contact, NOW)).toBeNull();
  });

  it('drops a draft older than a week', async () => {
    const { area, items } = memoryArea();
    await putDraft(area, deal, { body: 'stale' }, NOW);
    expect(await getDraft(area, deal, NOW + DRAFT_TTL_MS + 1)).toBeNull();
    expect(items.size).toBe(0);
  });
});
