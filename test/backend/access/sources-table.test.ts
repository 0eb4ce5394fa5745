import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherAccess } from '../../../backend/services/access/check';
import { linkMember } from '../../../backend/services/identity/link-member';
import { setMemberLevels } from '../../../backend/services/identity/links';
import { PERMISSIONS, type SeedUser } from '../../../backend/sandbox/seed';
import { describeEngines } from '../helpers/engines';
import { ACME, startHarness, type Harness } from '../records/harness';

/**
 * Every sandbox permission set × owner relation × action, through both sources, against the
 * sandbox's own permitted-users answer. Source 1 is the permissions API; source 2 is the
 * ownership model with the admin-mirrored levels, reached by making the API refuse (403) as it
 * would for an install without access to it. Runs on both engines (the member links and the
 * mirrored levels live in the database).
 */

type UserKey = keyof typeof ACME.users;
type RelationName = 'self' | 'teammate' | 'child team' | 'other team' | 'unassigned' | 'shared with user' | 'shared with team';
const RELATIONS: RelationName[] = ['self', 'teammate', 'child team', 'other team', 'unassigned', 'shared with user', 'shared with team'];
const ACTIONS = ['view', 'edit'] as const;
// A filler contact (111): its ownership is rewritten for every row.
const CONTACT = '111';

const parents = new Map(Object.values(ACME.teams).filter((t) => t.parentTeamId !== null).map((t) => [t.id, t.parentTeamId!]));
const users = Object.entries(ACME.users) as [UserKey, SeedUser][];
const teamsOf = (u: SeedUser) => [...(u.primaryTeamId !== null ? [u.primaryTeamId] : []), ...u.secondaryTeamIds];
const withAncestors = (teams: number[]) => {
  const out = new Set<number>();
  for (let t of teams) {
    out.add(t);
    while (parents.has(t)) out.add((t = parents.get(t)!));
  }
  return out;
};
const disjoint = (a: Iterable<number>, b: number[]) => ![...a].some((t) => b.includes(t));

interface Setup {
  owner: SeedUser | null;
  sharedUser?: number;
  sharedTeam?: number;
}

/** Contact ownership that puts `u` in `relation` with the record, or null when the seed has none. */
function setupFor(relation: RelationName, u: SeedUser): Setup | null {
  const mine = teamsOf(u);
  const others = users.map(([, v]) => v).filter((v) => v.userId !== u.userId);
  const otherTeam = others.find((v) => teamsOf(v).length > 0 && disjoint(withAncestors(teamsOf(v)), mine));
  switch (relation) {
    case 'self':
      return { owner: u };
    case 'teammate': {
      const v = others.find((x) => teamsOf(x).some((t) => mine.includes(t)));
      return v ? { owner: v } : null;
    }
    case 'child team': {
      const v = others.find((x) => disjoint(teamsOf(x), mine) && !disjoint(withAncestors(teamsOf(x)), mine));
      return v ? { owner: v } : null;
    }
    case 'other team':
      return otherTeam ? { owner: otherTeam } : null;
    case 'unassigned':
      return { owner: null };
    case 'shared with user':
      return otherTeam ? { owner: otherTeam, sharedUser: u.userId } : null;
    case 'shared with team':
      return otherTeam && u.primaryTeamId !== null ? { owner: otherTeam, sharedTeam: u.primaryTeamId } : null;
  }
}

const rows = users.flatMap(([key, u]) =>
  RELATIONS.flatMap((relation) => (setupFor(relation, u) ? ACTIONS.map((action) => [key, relation, action] as const) : [])),
);

/** The permission set a seed user has: super admin, or the PERMISSIONS entry it copies. */
type SetName = 'superAdmin' | keyof typeof PERMISSIONS;
const SETS: SetName[] = ['superAdmin', ...(Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])];
function setOf(u: SeedUser): SetName {
  if (u.superAdmin) return 'superAdmin';
  const hit = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).find((k) => JSON.stringify(PERMISSIONS[k]) === JSON.stringify(u.permissions));
  if (!hit) throw new Error(`seed user ${u.userId} has a permission set the table does not know`);
  return hit;
}

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
      // The admin mirrors the user's HubSpot permission set for the fallback.
      const levels = await setMemberLevels(h.ra.identity, admin, member.id, { ...u.permissions }, { correlationId: null });
      expect(levels.ok).toBe(true);
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  function setOwnership(setup: Setup) {
    h.sandbox.sandbox.control.setContactProperties(ACME.portalId, CONTACT, {
      hubspot_owner_id: setup.owner ? String(setup.owner.ownerId) : '',
      hs_shared_user_ids: setup.sharedUser ? String(setup.sharedUser) : '',
      hs_shared_team_ids: setup.sharedTeam ? String(setup.sharedTeam) : '',
    });
  }

  /** Sets the contact's ownership and returns the sandbox's own permitted-users answer. */
  async function arrange(setup: Setup) {
    setOwnership(setup);
    const answer = await h.sandboxGet(h.acme, `/resource-permissions/v3/permitted-users?resource=hcrn:${ACME.portalId}:crm-object:0-1:${CONTACT}`);
    const entry = answer.resources[`hcrn:${ACME.portalId}:crm-object:0-1:${CONTACT}`];
    return { view: entry['crm-object:VIEW'].permittedUsers as number[], edit: entry['crm-object:EDIT'].permittedUsers as number[] };
  }

  async function decide(key: UserKey) {
    const r = await gatherAccess(h.ra.access, { memberId: h.acme.members[key]!.id, workspaceId: h.acme.id }, String(ACME.portalId), CONTACT, { fresh: false });
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

    describe.sequential('source 1: permissions API', () => {
      it.each(rows)('%s / %s / %s', async (key, relation, action) => {
        const u = ACME.users[key];
        const expected = await arrange(setupFor(relation, u)!);
        const access = await decide(key);
        const verdict = action === 'view' ? access.canView : access.canEdit;
        expect(verdict.allowed, verdict.message).toBe(expected[action].includes(u.userId));
        expect(access.source).toBe(u.superAdmin ? 'none' : 'permissions_api');
      });
    });

    describe.sequential('source 2: ownership model (permissions API refused)', () => {
      beforeAll(() => {
        h.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
      });
      afterAll(() => h.sandbox.sandbox.control.clearFaults());

      it.each(rows)('%s / %s / %s', async (key, relation, action) => {
        const u = ACME.users[key];
        h.sandbox.sandbox.control.clearFaults();
        const expected = await arrange(setupFor(relation, u)!);
        h.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
        const access = await decide(key);
        const verdict = action === 'view' ? access.canView : access.canEdit;
        expect(verdict.allowed, `${verdict.code}: ${verdict.message}`).toBe(expected[action].includes(u.userId));
        expect(access.source).toBe(u.superAdmin ? 'none' : 'ownership');
      });
    });

    it('says why, in the panel\'s words', async () => {
      h.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
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
      h.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
      const model = await decide('viewOnly');
      expect(model.source).toBe('ownership');
      expect({ view: model.canView.allowed, edit: model.canEdit.allowed }).toEqual({ view: true, edit: false });
      expect(model.canEdit.message).toBe("View only — your HubSpot permissions don't include editing contacts");
      h.sandbox.sandbox.control.clearFaults();
      h.ra.access.permitted.invalidate({ workspaceId: h.acme.id, portalId: String(ACME.portalId) });
    });
  });
});
