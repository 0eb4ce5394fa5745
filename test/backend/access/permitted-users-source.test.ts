import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../lib/contract/errors';
import { gatherAccess } from '../../../backend/services/access/check';
import { PermittedUsersSource, type FetchPermitted, type PermittedEntry } from '../../../backend/services/access/permitted-users-source';
import { describeEngines } from '../helpers/engines';
import { ACME, startHarness, type Harness } from '../records/harness';

/** Batching, coalescing, caching and failure handling of the permitted-users source. */

function fakeHubSpot(answer: (id: string) => PermittedEntry | null = () => ({ view: ['1'], edit: [] })) {
  const calls: string[][] = [];
  const types: string[] = [];
  let failWith: ReturnType<typeof fail> | null = null;
  const fetch: FetchPermitted = async (_portal, type, ids) => {
    calls.push([...ids]);
    types.push(type);
    await new Promise((r) => setTimeout(r, 5));
    if (failWith) return failWith;
    return ok(new Map(ids.map((id) => [id, answer(id)])));
  };
  return { fetch, calls, types, setFail: (f: ReturnType<typeof fail> | null) => (failWith = f) };
}

const P = (portalId: string, workspaceId = 'w1') => ({ workspaceId, portalId });

describe('PermittedUsersSource', () => {
  it('batches concurrent lookups into calls of at most 20 records', async () => {
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch);
    const ids = Array.from({ length: 45 }, (_, i) => String(100 + i));
    const answers = await Promise.all(ids.map((id) => src.lookup(P('1001'), '0-1', id)));
    expect(answers.every((a) => a.kind === 'answer')).toBe(true);
    expect(hs.calls.map((c) => c.length)).toEqual([20, 20, 5]);
  });

  it('coalesces lookups of the same record and serves the cache until the TTL passes', async () => {
    let now = 1_000;
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch, { ttlMs: 1_000, now: () => now });
    await Promise.all([src.lookup(P('1001'), '0-1', '7'), src.lookup(P('1001'), '0-1', '7'), src.lookup(P('1001'), '0-1', '7')]);
    expect(hs.calls).toEqual([['7']]);
    await src.lookup(P('1001'), '0-1', '7');
    expect(hs.calls.length).toBe(1);
    now += 1_001;
    await src.lookup(P('1001'), '0-1', '7');
    expect(hs.calls.length).toBe(2);
  });

  it('fresh lookups skip the cache', async () => {
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch);
    await src.lookup(P('1001'), '0-1', '7');
    await src.lookup(P('1001'), '0-1', '7', { fresh: true });
    expect(hs.calls.length).toBe(2);
  });

  it('keeps portals and workspaces apart: each is its own lookup and cache entry', async () => {
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch);
    await Promise.all([src.lookup(P('1001'), '0-1', '7'), src.lookup(P('2002'), '0-1', '7'), src.lookup(P('1001', 'w2'), '0-1', '7')]);
    expect(hs.calls).toEqual([['7'], ['7'], ['7']]);
  });

  it('reports not found and missing answers distinctly', async () => {
    const hs = fakeHubSpot((id) => (id === '8' ? null : { view: [], edit: [] }));
    const src = new PermittedUsersSource(async (p, type, ids) => {
      const r = await hs.fetch(p, type, ids);
      if (!r.ok) return r;
      const m = new Map(r.data);
      m.delete('9');
      return ok(m);
    });
    const [a, b, c] = await Promise.all(['7', '8', '9'].map((id) => src.lookup(P('1001'), '0-1', id)));
    expect(a?.kind).toBe('answer');
    expect(b?.kind).toBe('not_found');
    expect(c?.kind).toBe('unavailable');
  });

  it('remembers a lasting failure for the portal and a transient one briefly', async () => {
    let now = 0;
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch, {
      now: () => now,
      unavailableTtlMs: 60_000,
      errorTtlMs: 1_000,
      isLasting: (f) => f.error.code === 'permission_required',
    });
    hs.setFail(fail('permission_required', 'missing scope'));
    expect((await src.lookup(P('1001'), '0-1', '1')).kind).toBe('unavailable');
    now = 30_000;
    expect((await src.lookup(P('1001'), '0-1', '2')).kind).toBe('unavailable');
    expect(hs.calls.length).toBe(1);
    hs.setFail(fail('hubspot_error', 'boom'));
    now = 61_000;
    expect((await src.lookup(P('1001'), '0-1', '3')).kind).toBe('unavailable');
    now = 62_001;
    hs.setFail(null);
    expect((await src.lookup(P('1001'), '0-1', '3')).kind).toBe('answer');
    expect(hs.calls.length).toBe(3);
  });

  it('asks about one object type per call: a burst over contacts and deals is two calls', async () => {
    const hs = fakeHubSpot();
    const src = new PermittedUsersSource(hs.fetch);
    await Promise.all([src.lookup(P('1001'), '0-1', '5'), src.lookup(P('1001'), '0-3', '5'), src.lookup(P('1001'), '0-1', '6'), src.lookup(P('1001'), '0-3', '7')]);
    expect(hs.types.sort()).toEqual(['0-1', '0-3']);
    expect(hs.calls.map((c) => c.join(',')).sort()).toEqual(['5,6', '5,7']);
  });

  it('contact 5 and deal 5 are different records: neither answers for the other', async () => {
    const hs = fakeHubSpot();
    const byType: FetchPermitted = async (p, type, ids) => {
      const r = await hs.fetch(p, type, ids);
      // The deal is visible to user 3 only, the contact to user 1 only.
      return r.ok ? ok(new Map(ids.map((id) => [id, { view: [type === '0-3' ? '3' : '1'], edit: [] }]))) : r;
    };
    const src = new PermittedUsersSource(byType);
    const contact = await src.lookup(P('1001'), '0-1', '5');
    const deal = await src.lookup(P('1001'), '0-3', '5');
    expect(hs.calls.length).toBe(2);
    expect(contact.kind === 'answer' && [...contact.view]).toEqual(['1']);
    expect(deal.kind === 'answer' && [...deal.view]).toEqual(['3']);
    // Cached apart too, and dropped apart.
    src.invalidate(P('1001'), { objectType: '0-3', id: '5' });
    await src.lookup(P('1001'), '0-1', '5');
    expect(hs.calls.length).toBe(2);
    await src.lookup(P('1001'), '0-3', '5');
    expect(hs.calls.length).toBe(3);
  });

  it('a throwing adapter denies instead of hanging', async () => {
    const src = new PermittedUsersSource(async () => {
      throw new Error('bug');
    });
    expect((await src.lookup(P('1'), '0-1', '1')).kind).toBe('unavailable');
  });
});

describeEngines('an object whose scope the install lacks', (ectx) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ectx.db.handle.db);
    // Acme's install as granted without deals (an install made before the optional scopes).
    const install = h.installs.byWorkspace.get(h.acme.id)!;
    install.scopes = install.scopes.filter((s) => !s.startsWith('crm.objects.deals.'));
  });
  afterAll(() => h?.close());

  it('is refused as object_not_available before the link lookup and any HubSpot call; contacts still go through', async () => {
    const who = { workspaceId: h.acme.id, memberId: h.acme.members.ownedOnly!.id };
    const before = { calls: h.calls.length, lookups: h.ra.access.permitted.calls };
    const deal = await gatherAccess(h.ra.access, who, { portalId: String(ACME.portalId), objectType: '0-3', recordId: '22001' }, { fresh: true });
    expect(deal.ok).toBe(false);
    expect(!deal.ok && deal.error).toMatchObject({ code: 'object_not_available', details: { objectType: '0-3', missingScopes: ['crm.objects.deals.read'], reconnect: true } });
    expect(h.calls.length).toBe(before.calls);
    expect(h.ra.access.permitted.calls).toBe(before.lookups);
    // The member is not linked: a contact (or a company, granted) gets as far as the link lookup.
    for (const [objectType, recordId] of [['0-1', '101'], ['0-2', '21001']] as const) {
      const r = await gatherAccess(h.ra.access, who, { portalId: String(ACME.portalId), objectType, recordId }, { fresh: true });
      expect(!r.ok && r.error.code).toBe('not_linked');
    }
  });
});
