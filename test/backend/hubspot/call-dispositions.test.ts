import { describe, expect, it } from 'vitest';
import { ok } from '../../../lib/contract/errors';
import { listCallDispositions } from '../../../backend/hubspot/call-dispositions';
import type { PortalRequest, PortalSend } from '../../../backend/hubspot/portal-send';

/**
 * HubSpot's `GET /calling/v1/dispositions` answer, as its reference shows it (a bare array of
 * `{id, label}`), with the cases the sandbox does not serve: an outcome marked `deleted`, an
 * empty label, and an answer in another shape.
 */

function answering(body: unknown): { send: PortalSend; seen: PortalRequest[] } {
  const seen: PortalRequest[] = [];
  const send: PortalSend = async (req) => {
    seen.push(req);
    return ok({ status: 200, headers: new Headers(), body });
  };
  return { send, seen };
}

describe('listCallDispositions', () => {
  it('reads the outcomes, drops deleted ones, and labels an unlabelled one by its id', async () => {
    const { send, seen } = answering([
      { id: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', label: 'Connected' },
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', label: 'Old outcome', deleted: true },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', label: '' },
    ]);
    const r = await listCallDispositions(send);
    expect(r.ok && r.data).toEqual([
      { id: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', label: 'Connected' },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', label: 'aaaaaaaa-0000-4000-8000-000000000002' },
    ]);
    expect(seen).toEqual([{ method: 'GET', path: '/calling/v1/dispositions', operation: 'calling.dispositions' }]);
  });

  it('answers hubspot_error for a shape it does not understand', async () => {
    const r = await listCallDispositions(answering({ results: [] }).send);
    expect(!r.ok && r.error.code).toBe('hubspot_error');
    expect(!r.ok && r.error.message).toContain('the call outcomes');
  });
});
