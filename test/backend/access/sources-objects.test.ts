import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRule } from '../../../lib/contract/api/settings';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { checkAccessFresh, gatherAccess } from '../../../backend/services/access/check';
import { writePipelineRules } from '../../../backend/services/access/pipeline-rules-store';
import { linkMember } from '../../../backend/services/identity/link-member';
import { setMemberLevels, unlinkMember } from '../../../backend/services/identity/links';
import { setMemberObjectLevels } from '../../../backend/services/identity/object-levels';
import { describeEngines } from '../helpers/engines';
import { ACME, startHarness, type Harness } from '../records/harness';
import { mirroredLevels, mirroredPipelines, setOwnership, type UserKey } from './sources-cases';

/**
 * The seed's object cases by name, both sources: Evan (everything on contacts, owned-only on
 * deals), Oscar (no ticket access), pipeline 811122 restricted to team Sales (301), and what the
 * admin's pipeline rules and object levels do on the fallback.
 */

const FAULT = { path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 } as const;
const PORTAL = String(ACME.portalId);

describeEngines('record access per object, named cases', (ectx) => {
  let h: Harness;
  const admin = () => ({ memberId: h.acme.admin.id, workspaceId: h.acme.id, role: 'admin' as const, email: h.acme.admin.email });
  const who = (key: UserKey) => ({ memberId: h.acme.members[key]!.id, workspaceId: h.acme.id });
  const rules = (type: '0-3' | '0-5', body: { allUnrestricted: boolean; rules: PipelineRule[] }) => writePipelineRules(ectx.db.handle.db, h.acme.id, PORTAL, type, body, null, Date.now());

  beforeAll(async () => {
    h = await startHarness(ectx.db.handle.db, { permittedTtlMs: 0 });
    for (const key of ['everything', 'marketplace', 'teamOnly', 'childTeam', 'ownedOnly'] as const) {
      const u = ACME.users[key];
      await linkMember(h.ra.identity, admin(), h.acme.members[key]!.id, String(u.userId), { correlationId: null });
      await setMemberLevels(h.ra.identity, admin(), h.acme.members[key]!.id, { ...u.permissions }, { correlationId: null });
      for (const type of ['0-2', '0-3', '0-5'] as const) await setMemberObjectLevels(h.ra.identity, admin(), h.acme.members[key]!.id, type, mirroredLevels(u, type), { correlationId: null });
    }
    await rules('0-3', { allUnrestricted: false, rules: mirroredPipelines(h, '0-3') });
    await rules('0-5', { allUnrestricted: true, rules: [] });
  });
  afterAll(() => h?.close());

  async function both(key: UserKey, objectType: CrmObjectTypeId, recordId: string) {
    const ref = { portalId: PORTAL, objectType, recordId };
    h.sandbox.sandbox.control.clearFaults();
    h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: PORTAL });
    const api = await gatherAccess(h.ra.access, who(key), ref, { fresh: true });
    h.sandbox.sandbox.control.addFault(FAULT);
    const model = await gatherAccess(h.ra.access, who(key), ref, { fresh: true });
    h.sandbox.sandbox.control.clearFaults();
    h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: PORTAL });
    if (!api.ok || !model.ok) throw new Error(JSON.stringify([api, model]));
    expect(api.data.access.source).toBe('permissions_api');
    // The fallback: ownership, or no source at all when it cannot decide (levels not set).
    expect(model.data.access.source).toBe(model.data.access.canView.code === 'unknown' ? 'none' : 'ownership');
    return { api: api.data.access, model: model.data.access };
  }

  describe.sequential('cases', () => {
    it('Evan: everything on contacts, owned-only on deals — his deal 22002 yes, Oscar\'s 22001 no', async () => {
      const own = await both('everything', '0-3', '22002');
      for (const a of [own.api, own.model]) expect({ view: a.canView.allowed, edit: a.canEdit.allowed }).toEqual({ view: true, edit: true });
      expect(own.model.canEdit.message).toBe('You own this deal');
      const oscars = await both('everything', '0-3', '22001');
      for (const a of [oscars.api, oscars.model]) expect(a.canView.allowed).toBe(false);
      expect(oscars.model.canView).toMatchObject({ code: 'other_owner', message: 'Owned by another team — your permissions cover only deals you own' });
      // The same user on a contact of Oscar's: contacts' levels, not deals'.
      setOwnership(h, '0-1', '111', { owner: ACME.users.ownedOnly });
      const contact = await both('everything', '0-1', '111');
      for (const a of [contact.api, contact.model]) expect(a.canEdit.allowed).toBe(true);
    });

    it('Oscar has no ticket access: his own ticket is refused, by HubSpot and by the mirrored "none"', async () => {
      setOwnership(h, '0-5', '23002', { owner: ACME.users.ownedOnly });
      const t = await both('ownedOnly', '0-5', '23002');
      expect(t.api.canView).toMatchObject({ allowed: false, code: 'not_permitted_by_hubspot' });
      expect(t.model.canView).toEqual({ allowed: false, code: 'object_not_permitted', message: 'You have no access to tickets in HubSpot (as set by your admin)' });
    });

    it('pipeline 811122 is restricted to Sales (301): Mara (on 301) sees deal 22003, Chris on Sales East (302) does not even owning it', async () => {
      const mara = await both('marketplace', '0-3', '22003');
      for (const a of [mara.api, mara.model]) expect(a.canView.allowed).toBe(true);
      setOwnership(h, '0-3', '22004', { owner: ACME.users.childTeam });
      const chris = await both('childTeam', '0-3', '22004');
      expect(chris.api.canView).toEqual({ allowed: false, code: 'not_permitted_by_hubspot', message: "HubSpot doesn't let you view this deal — its pipeline may be restricted" });
      expect(chris.model.canView).toEqual({ allowed: false, code: 'pipeline_not_permitted', message: "Deals in pipeline '811122' are restricted to other teams" });
    });

    it("no rule for the record's pipeline → pipeline_unknown on the fallback; the '*' row lets ownership decide", async () => {
      await rules('0-3', { allUnrestricted: false, rules: [{ pipelineId: 'default', access: 'everyone', teamIds: [], userIds: [] }] });
      const tina = await both('teamOnly', '0-3', '22003');
      expect(tina.api.canView.allowed).toBe(true);
      expect(tina.model.canView).toMatchObject({ allowed: false, code: 'pipeline_unknown' });
      await rules('0-3', { allUnrestricted: true, rules: [] });
      expect((await both('teamOnly', '0-3', '22003')).model.canView).toMatchObject({ allowed: true, code: 'owner', message: 'You own this deal' });
      await rules('0-3', { allUnrestricted: false, rules: mirroredPipelines(h, '0-3') });
    });

    it('an admin edit of object levels counts at once; unlinking clears them (a new link starts unset)', async () => {
      const evan = h.acme.members.everything!.id;
      // A read-path check first, so this instance holds Evan's link and levels in memory.
      h.sandbox.sandbox.control.addFault(FAULT);
      const cached = () => gatherAccess(h.ra.access, who('everything'), { portalId: PORTAL, objectType: '0-3', recordId: '22002' }, { fresh: false });
      const before = await cached();
      expect(before.ok && before.data.access.canView.code).toBe('owner');
      const set = await setMemberObjectLevels(h.ra.identity, admin(), evan, '0-3', { access: 'none' }, { correlationId: null });
      expect(set.ok && set.data.objectLevels?.['0-3']).toEqual({ access: 'none' });
      const after = await cached();
      expect(after.ok && after.data.access.canView.code).toBe('object_not_permitted');
      expect((await both('everything', '0-3', '22002')).model.canView.code).toBe('object_not_permitted');
      await unlinkMember(h.ra.identity, admin(), evan, { correlationId: null });
      const relinked = await linkMember(h.ra.identity, admin(), evan, String(ACME.users.everything.userId), { correlationId: null });
      expect(relinked.ok && relinked.data.objectLevels).toEqual({ '0-2': null, '0-3': null, '0-5': null });
      const unset = (await both('everything', '0-3', '22002')).model.canView;
      expect(unset).toMatchObject({ allowed: false, code: 'unknown' });
      expect(unset.message).toContain("your admin hasn't set your deal permissions in Portside");
    });

    it('a refused write check is audited against the record with its object type', async () => {
      const r = await checkAccessFresh(h.ra.access, who('ownedOnly'), { portalId: PORTAL, objectType: '0-5', recordId: '23001' }, { correlationId: null });
      expect(r.ok && r.data.access.canEdit.allowed).toBe(false);
      const rows = await ectx.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', h.acme.id).where('result', '=', 'denied').where('target_id', '=', '23001').execute();
      expect(rows.map((a) => [a.action, a.target_type, JSON.parse(a.details).objectType])).toContainEqual(['record.write.check', 'ticket', '0-5']);
    });
  });
});
