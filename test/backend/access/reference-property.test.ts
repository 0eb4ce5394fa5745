import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessReasonCode } from '../../../lib/contract/api/records';
import { decideAccess } from '../../../backend/services/access/decide';
import { contactOnlyLevels, type AccessIdentity } from '../../../backend/services/identity/views';
import * as ref from '../../../backend/sandbox/permissions';

/**
 * Property test: for random (user, record, team tree) the backend's combiner agrees with the
 * sandbox's reference model of HubSpot record access — through the ownership model (source 2)
 * and through a permitted-users answer computed by the reference (source 1).
 */

const TEAMS = [1, 2, 3, 4, 5];
const USERS = [11, 12, 13, 14];
const OWNERS = [21, 22, 23, 24];

const levels = fc.record({
  view: fc.constantFrom('everything', 'team', 'owned') as fc.Arbitrary<ref.ViewLevel>,
  edit: fc.constantFrom('everything', 'team', 'owned', 'none') as fc.Arbitrary<ref.EditLevel>,
  viewUnassigned: fc.boolean(),
  editUnassigned: fc.boolean(),
});

const user = fc.record({
  userId: fc.constantFrom(...USERS),
  ownerId: fc.option(fc.constantFrom(...OWNERS), { nil: null }),
  superAdmin: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  active: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
  teamIds: fc.uniqueArray(fc.constantFrom(...TEAMS), { maxLength: 3 }),
  permissions: levels,
});

const idList = (pool: number[]) => fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 2 }).map((ids) => (ids.length ? ids.join(';') : undefined));

const record = fc.record(
  {
    hubspot_owner_id: fc.option(fc.constantFrom(...OWNERS).map(String), { nil: undefined }),
    hubspot_team_id: fc.option(fc.constantFrom(...TEAMS).map(String), { nil: undefined }),
    hs_all_owner_ids: idList(OWNERS),
    hs_all_team_ids: idList(TEAMS),
    hs_all_accessible_team_ids: idList(TEAMS),
    hs_shared_user_ids: idList(USERS),
    hs_shared_team_ids: idList(TEAMS),
  },
  { requiredKeys: [] },
);

// A random forest over the teams: each team may point at a lower-numbered parent (no cycles).
const tree = fc.tuple(...TEAMS.map((t) => fc.option(fc.integer({ min: 1, max: Math.max(1, t - 1) }), { nil: null }))).map((parents) => {
  const m = new Map<number, number>();
  parents.forEach((p, i) => {
    const t = TEAMS[i]!;
    if (p !== null && p >= 1 && p < t) m.set(t, p);
  });
  return m;
});

const identityOf = (u: ref.AccessUser): AccessIdentity => ({
  userId: String(u.userId),
  ownerId: u.ownerId === null ? null : String(u.ownerId),
  superAdmin: u.superAdmin,
  active: u.active,
  teamIds: u.teamIds.map(String),
  levels: contactOnlyLevels(u.permissions),
});
const stringTree = (t: Map<number, number>) => new Map([...t].map(([k, v]) => [String(k), String(v)]));

/** Which backend codes may stand for each reference reason. */
const REASONS: Record<ref.AccessReason, AccessReasonCode[]> = {
  super_admin: ['super_admin'],
  inactive: ['user_inactive'],
  everything: ['view_everything'],
  owned: ['owner'],
  shared_with_user: ['shared_user'],
  team: ['team', 'child_team'],
  shared_with_team: ['shared_team'],
  unassigned: ['unassigned_allowed'],
  not_permitted: ['other_owner', 'other_team', 'unassigned_denied'],
};

describe('access decision vs the reference model (fast-check)', () => {
  it('ownership source agrees on canView, canEdit and the reason', () => {
    fc.assert(
      fc.property(user, record, tree, (u, props, parents) => {
        const expected = ref.decideRecordAccess(u, props, parents);
        const got = decideAccess({ identity: identityOf(u), record: { kind: 'found', properties: props }, permissions: { kind: 'unavailable', why: 'test' }, tree: stringTree(parents) });
        expect({ view: got.canView.allowed, edit: got.canEdit.allowed }).toEqual({ view: expected.canView, edit: expected.canEdit });
        expect(REASONS[expected.reason]).toContain(got.canView.code);
        if (u.active && !u.superAdmin) expect(got.source).toBe('ownership');
        expect(got.canView.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('permitted-users source agrees when the answer comes from the reference', () => {
    fc.assert(
      fc.property(fc.array(user, { minLength: 1, maxLength: 4 }), record, tree, (users, props, parents) => {
        // One portal: each user id once.
        const unique = [...new Map(users.map((x) => [x.userId, x])).values()];
        const answer = ref.permittedUsers(unique.filter((x) => x.active), props, parents);
        for (const u of unique) {
          const expected = ref.decideRecordAccess(u, props, parents);
          const got = decideAccess({
            identity: identityOf(u),
            record: { kind: 'found', properties: props },
            permissions: {
              kind: 'answer',
              view: new Set(answer['crm-object:VIEW'].permittedUsers.map(String)),
              edit: new Set(answer['crm-object:EDIT'].permittedUsers.map(String)),
            },
            tree: stringTree(parents),
          });
          expect({ view: got.canView.allowed, edit: got.canEdit.allowed }).toEqual({ view: expected.canView, edit: expected.canEdit });
        }
      }),
      { numRuns: 1500 },
    );
  });
});
