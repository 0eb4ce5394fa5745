import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { gatherAccess } from '../../../backend/services/access/check';
import { writePipelineRules } from '../../../backend/services/access/pipeline-rules-store';
import { linkMember } from '../../../backend/services/identity/link-member';
import { setMemberLevels } from '../../../backend/services/identity/links';
import { setMemberObjectLevels } from '../../../backend/services/identity/object-levels';
import { describeEngines } from '../helpers/engines';
import { ACME, startHarness, type Harness } from '../records/harness';
import { ACTIONS, FILLER, mirroredLevels, mirroredPipelines, RELATIONS, rows, sandboxAnswer, setOf, setOwnership as setOwnershipOf, setupFor, SETS, users, type RelationName, type SetName, type Setup, type UserKey } from './sources-cases';

/**
 * Every sandbox permission set × owner relation × action, on each object (contacts, companies,
 * deals, tickets), through both sources, against the sandbox's own permitted-users answer.
 * Source 1 is the permissions API; source 2 is the ownership model with the admin-mirrored
 * levels per object (Evan owned-only on deals, Oscar no ticket access) and pipeline rules,
 * reached by making the API refuse (403) as it would for an install without access to it. Runs
 * on both engines (the member links, mirrored levels and pipeline rules live in the database).
 */

const CONTACT = FILLER['0-1'];
const OBJECTS = ['0-1', '0-2', '0-3', '0-5'] as const;
const FAULT = { path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 } as const;

/**
 * The (permission set × relation) cells the seed cannot set up, and why. Every other cell must
 * have a row for some seed user with that set; a cell listed here that becomes constructible
 * (the seed changed) fails too, so the list stays true.
 */
const NOT_CONSTRUCTIBLE: Partial<Record<`${SetName} × ${RelationName}`, string>> = {
  'superAdmin × teammate': 'the only super admin (Alice, 5001) is on no team',
  'superAdmin × child team': 'the only super admin (Alice, 5001) is on no team',
  'superAdmin × shared with team': 'the only super admin (Alice, 5001) has no team a record could be shared with',
  'ownedOnly × child team': 'the owned-only user (Oscar, 5006) is on Sales East (302), which has no child team',
  'ownedUnassigned × child team': 'the owned-only + unassigned user (Uma, 5007) is on Sales East (302), which has no child team',
  'viewOnly × child team': 'the view-only user (Victor, 5008) is on Support (303), which has no child team',
};

describeEngines('record access sources table', (ectx) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(ectx.db.handle.db, { permittedTtlMs: 0 });
    const admin = { memberId: h.acme.admin.id, workspaceId: h.acme.id, role: 'admin' as const, email: h.acme.admin.email };
    for (const [key, u] of users) {
      const member = h.acme.members[key]!;
      const linked = await linkMember(h.ra.identity, admin, member.id, String(u.userId), { correlationId: null });
      expect(linked.ok, JSON.stringify(linked)).toBe(true);
      // The admin mirrors the user's HubSpot permission sets for the fallback, per object.
      const levels = await setMemberLevels(h.ra.identity, admin, member.id, { ...u.permissions }, { correlationId: null });
      expect(levels.ok).toBe(true);
      for (const type of ['0-2', '0-3', '0-5'] as const) {
        const set = await setMemberObjectLevels(h.ra.identity, admin, member.id, type, mirroredLevels(u, type), { correlationId: null });
        expect(set.ok, JSON.stringify(set)).toBe(true);
      }
    }
    for (const type of ['0-3', '0-5'] as const) {
      await writePipelineRules(ectx.db.handle.db, h.acme.id, String(ACME.portalId), type, { allUnrestricted: false, rules: mirroredPipelines(h, type) }, null, Date.now());
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  const setOwnership = (setup: Setup) => setOwnershipOf(h, '0-1', CONTACT, setup);

  /** Sets the filler record's ownership and returns the sandbox's own permitted-users answer. */
  async function arrange(setup: Setup, type: CrmObjectTypeId = '0-1') {
    setOwnershipOf(h, type, FILLER[type], setup);
    return sandboxAnswer(h, type, FILLER[type]);
  }

  async function decide(key: UserKey, type: CrmObjectTypeId = '0-1') {
    const r = await gatherAccess(h.ra.access, { memberId: h.acme.members[key]!.id, workspaceId: h.acme.id }, { portalId: String(ACME.portalId), objectType: type, recordId: FILLER[type] }, { fresh: false });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.access;
  }

  describe.sequential('both sources agree with the sandbox permitted-users answer', () => {
    it('covers every constructible (permission set × relation) cell, for both actions; the rest are listed with a reason', () => {
      expect(new Set(users.map(([, u]) => setOf(u)))).toEqual(new Set(SETS));
      const covered = new Set(rows.map(([key, relation, action]) => `${setOf(ACME.users[key])} × ${relation} × ${action}`));
      const missing: string[] = [];
      const wronglyListed: string[] = [];
      for (const set of SETS) {
        for (const relation of RELATIONS) {
          const cell = `${set} × ${relation}` as const;
          for (const action of ACTIONS) {
            const has = covered.has(`${cell} × ${action}`);
            if (NOT_CONSTRUCTIBLE[cell] === undefined && !has) missing.push(`${cell} × ${action}`);
            if (NOT_CONSTRUCTIBLE[cell] !== undefined && has) wronglyListed.push(`${cell} × ${action} (listed: ${NOT_CONSTRUCTIBLE[cell]})`);
          }
        }
      }
      expect(missing, 'constructible cells without a row').toEqual([]);
      expect(wronglyListed, 'listed as not constructible but the seed sets them up').toEqual([]);
      expect(covered.size).toBe((SETS.length * RELATIONS.length - Object.keys(NOT_CONSTRUCTIBLE).length) * ACTIONS.length);
    });

    describe.sequential.each(OBJECTS)('object %s', (type) => {
      describe.sequential('source 1: permissions API', () => {
        it.each(rows)('%s / %s / %s', async (key, relation, action) => {
          const u = ACME.users[key];
          const expected = await arrange(setupFor(relation, u)!, type);
          const access = await decide(key, type);
          const verdict = action === 'view' ? access.canView : access.canEdit;
          expect(verdict.allowed, verdict.message).toBe(expected[action].includes(u.userId));
          expect(access.source).toBe(u.superAdmin ? 'none' : 'permissions_api');
        });
      });

      describe.sequential('source 2: ownership model (permissions API refused)', () => {
        afterAll(() => {
          h.sandbox.sandbox.control.clearFaults();
          // The lasting refusal is remembered for the portal: the next object's source 1 asks again.
          h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: String(ACME.portalId) });
        });

        it.each(rows)('%s / %s / %s', async (key, relation, action) => {
          const u = ACME.users[key];
          h.sandbox.sandbox.control.clearFaults();
          const expected = await arrange(setupFor(relation, u)!, type);
          h.sandbox.sandbox.control.addFault(FAULT);
          const access = await decide(key, type);
          const verdict = action === 'view' ? access.canView : access.canEdit;
          expect(verdict.allowed, `${verdict.code}: ${verdict.message}`).toBe(expected[action].includes(u.userId));
          expect(access.source).toBe(u.superAdmin ? 'none' : 'ownership');
        });
      });
    });

    it('says why, in the panel\'s words', async () => {
      h.sandbox.sandbox.control.addFault(FAULT);
      setOwnership({ owner: ACME.users.ownedOnly });
      expect((await decide('ownedOnly')).canEdit.message).toBe('You own this contact');
      expect((await decide('childTeam')).canView.message).toBe('Owned by a teammate on Sales East');
      expect((await decide('teamOnly')).canView.message).toBe('Owned by someone on Sales East, a team under Sales');
      expect((await decide('viewOnly')).canEdit.message).toBe("View only — your HubSpot permissions don't include editing contacts");
      setOwnership({ owner: ACME.users.viewOnly });
      const everything = await decide('everything');
      expect(everything.canView).toMatchObject({ allowed: true, code: 'team' });
      setOwnership({ owner: null });
      expect((await decide('ownedOnly')).canView.message).toBe("Unassigned — your permissions don't include unassigned records");
      setOwnership({ owner: ACME.users.everything });
      expect((await decide('ownedOnly')).canView.message).toBe('Owned by another team — your permissions cover only contacts you own');
      h.sandbox.sandbox.control.clearFaults();
    });

    it('a view-only verdict (canView true, canEdit false) from both sources, matching the sandbox', async () => {
      // Victor (view: everything, edit: none) on a contact owned by Tina on Sales (another team).
      h.sandbox.sandbox.control.clearFaults();
      h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: String(ACME.portalId) });
      const expected = await arrange({ owner: ACME.users.teamOnly });
      const victor = ACME.users.viewOnly.userId;
      expect(expected.view).toContain(victor);
      expect(expected.edit).not.toContain(victor);
      const api = await decide('viewOnly');
      expect(api.source).toBe('permissions_api');
      expect({ view: api.canView.allowed, edit: api.canEdit.allowed }).toEqual({ view: true, edit: false });
      h.sandbox.sandbox.control.addFault(FAULT);
      const model = await decide('viewOnly');
      expect(model.source).toBe('ownership');
      expect({ view: model.canView.allowed, edit: model.canEdit.allowed }).toEqual({ view: true, edit: false });
      expect(model.canEdit.message).toBe("View only — your HubSpot permissions don't include editing contacts");
      h.sandbox.sandbox.control.clearFaults();
      h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: String(ACME.portalId) });
    });
  });
});
