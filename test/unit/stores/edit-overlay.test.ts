import { describe, expect, it } from 'vitest';
import { editOverlay } from '../../../lib/extension/stores/edit-overlay';
import { CONTACT_SNAPSHOT_TTL_MS } from '../../../lib/contract/api/records';
import type { WriteView } from '../../../lib/contract/api/writes';

const base: WriteView = {
  id: 'w1', kind: 'properties', portalId: '1001', contactId: '101', status: 'pending', summary: 'Phone', properties: { phone: '1' },
  author: { memberId: 'm1', hubspotOwnerId: null }, attempts: 0, createdAt: '2026-12-03T08:00:00.000Z', updatedAt: '2026-12-03T08:00:00.000Z',
  deliveredAt: null, hubspotObjectId: null, waiting: null, error: null,
};
const w = (over: Partial<WriteView>): WriteView => ({ ...base, ...over });

describe('editOverlay', () => {
  it('pending and delivering edits overlay as not yet in HubSpot; a later write wins per property', () => {
    const overlay = editOverlay(
      [w({ id: 'b', createdAt: '2026-12-03T08:00:02.000Z', status: 'delivering', properties: { phone: '2', city: '' } }), w({ id: 'a', properties: { phone: '1', company: 'X' } })],
      {},
      1_000,
    );
    expect(overlay).toEqual({ phone: { value: '2', inHubSpot: false }, company: { value: 'X', inHubSpot: false }, city: { value: null, inHubSpot: false } });
  });

  it('an edit accepted pending its access check overlays as saved, not yet in HubSpot', () => {
    expect(editOverlay([w({ status: 'pending_check', properties: { city: 'Oslo' } })], {}, 1_000)).toEqual({ city: { value: 'Oslo', inHubSpot: false } });
  });

  it('a delivered edit overlays only views requested before the snapshot lifetime after the delivery was seen', () => {
    const done = [w({ status: 'done' })];
    expect(editOverlay(done, { w1: 10_000 }, 10_000 + CONTACT_SNAPSHOT_TTL_MS - 1)).toEqual({ phone: { value: '1', inHubSpot: true } });
    expect(editOverlay(done, { w1: 10_000 }, 10_000 + CONTACT_SNAPSHOT_TTL_MS)).toEqual({});
    // Delivered before this panel followed it (listed when the record opened): the view is newer.
    expect(editOverlay(done, {}, 5)).toEqual({});
  });

  it('failed edits, notes and tasks overlay nothing', () => {
    expect(editOverlay([w({ status: 'failed' }), w({ id: 'n', kind: 'note', properties: null })], {}, 0)).toEqual({});
  });
});
