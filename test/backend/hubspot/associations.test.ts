import { describe, expect, it } from 'vitest';
import { ok } from '../../../lib/contract/errors';
import { listContactAssociations } from '../../../backend/hubspot/associations';
import type { PortalRequest, PortalSend } from '../../../backend/hubspot/portal-send';

/**
 * The v4 association list as HubSpot pages it: ids as numbers, the same record possibly listed
 * again on a later page (HubSpot pages by association row; a pair with a label besides the
 * default is two rows), `after` until no next page.
 */
function pages(answers: unknown[]): { send: PortalSend; seen: PortalRequest[] } {
  const seen: PortalRequest[] = [];
  const send: PortalSend = async (req) => {
    seen.push(req);
    return ok({ status: 200, headers: new Headers({ 'x-hubspot-correlation-id': `c-${seen.length}` }), body: answers[seen.length - 1] });
  };
  return { send, seen };
}

const row = (id: number) => ({ toObjectId: id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }] });

describe('listContactAssociations (v4)', () => {
  it('follows paging with limit 500 and deduplicates ids across pages', async () => {
    const { send, seen } = pages([
      { results: [row(7), row(8)], paging: { next: { after: 'p2' } } },
      { results: [row(8), row(9)] },
    ]);
    const r = await listContactAssociations(send, '101', 'notes', 2_000);
    expect(r.ok && r.data.value).toEqual(['7', '8', '9']);
    expect(r.ok && r.data.correlationId).toBe('c-2');
    expect(seen.map((q) => [q.path, q.query])).toEqual([
      ['/crm/v4/objects/contacts/101/associations/notes', { limit: 500, after: undefined }],
      ['/crm/v4/objects/contacts/101/associations/notes', { limit: 500, after: 'p2' }],
    ]);
  });

  it('stops at `max` ids and refuses an answer it cannot read', async () => {
    const capped = pages([{ results: [row(1), row(2)], paging: { next: { after: 'more' } } }]);
    const r = await listContactAssociations(capped.send, '101', 'tasks', 2);
    expect(r.ok && r.data.value).toEqual(['1', '2']);
    expect(capped.seen).toHaveLength(1);
    const v3Shaped = pages([{ results: [{ id: '1', type: 'contact_to_task' }] }]);
    const bad = await listContactAssociations(v3Shaped.send, '101', 'tasks', 10);
    expect(bad.ok ? null : bad.error.code).toBe('hubspot_error');
  });
});
