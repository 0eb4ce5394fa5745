import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAccess, decideRecordAccess, permittedUsers, readOwnership, type AccessUser, type PermissionSet } from '../../../backend/sandbox/permissions.js';
import { SEED } from '../../../backend/sandbox/seed.js';
import { toAccessUser } from '../../../backend/sandbox/ownership.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

const acme = SEED.portals.acme;
const U = acme.users;
const C = acme.contacts;
const parents = new Map([[acme.teams.salesEast.id, acme.teams.sales.id]]);

const user = (key: keyof typeof U): AccessUser => ({
  userId: U[key].userId,
  ownerId: U[key].ownerId,
  superAdmin: U[key].superAdmin,
  active: true,
  teamIds: [...(U[key].primaryTeamId !== null ? [U[key].primaryTeamId] : []), ...U[key].secondaryTeamIds],
  permissions: U[key].permissions,
});

describe('permissions (pure)', () => {
  // Relations: owned (101 for ownedOnly), team via child team (104 for teamOnly), unassigned (106), other.
  const cases: [keyof typeof U, number, string, boolean, boolean][] = [
    ['superAdmin', C.ownedByOwnedOnly.id, 'super admin sees and edits all', true, true],
    ['everything', C.unassigned.id, 'everything: unassigned', true, true],
    ['everything', C.ownedByChildTeam.id, 'everything: other team', true, true],
    ['teamOnly', C.ownedByChildTeam.id, 'team only: child team record via parent team', true, true],
    ['teamOnly', C.ownedByEverything.id, 'team only: other team', false, false],
    ['teamOnly', C.unassigned.id, 'team only: unassigned not ticked', false, false],
    ['childTeam', C.ownedByTeamOnly.id, 'child team does not see parent team records', false, false],
    ['childTeam', C.ownedByOwnedOnly.id, 'team only: same team', true, true],
    ['ownedOnly', C.ownedByOwnedOnly.id, 'owned only: own record', true, true],
    ['ownedOnly', C.ownedByChildTeam.id, 'owned only: teammate record', false, false],
    ['ownedOnly', C.unassigned.id, 'owned only: unassigned', false, false],
    ['ownedOnly', C.sharedWithUser.id, 'owned only: shared with the user', true, true],
    ['ownedOnly', C.sharedWithTeam.id, 'owned only: shared with the team is a team record', false, false],
    ['childTeam', C.sharedWithTeam.id, 'team only: shared with the team', true, true],
    ['ownedUnassigned', C.unassigned.id, 'owned + unassigned: unassigned', true, true],
    ['ownedUnassigned', C.ownedByOwnedOnly.id, 'owned + unassigned: teammate record', false, false],
    ['viewOnly', C.ownedByEverything.id, 'view only: views all, edits none', true, false],
    ['viewOnly', C.ownedByViewOnly.id, 'view only: even own record is not editable', true, false],
  ];
  const contactById = new Map(Object.values(C).map((c) => [c.id, c]));

  it.each(cases)('%s on %i: %s', (key, contactId, _label, canView, canEdit) => {
    const props = { ...contactById.get(contactId)!.properties };
    const owner = Object.values(U).find((x) => String(x.ownerId) === props.hubspot_owner_id);
    if (owner?.primaryTeamId) props.hs_all_team_ids = String(owner.primaryTeamId);
    const d = decideRecordAccess(user(key), props, parents);
    expect({ canView: d.canView, canEdit: d.canEdit }).toEqual({ canView, canEdit });
  });

  it('deactivated users get nothing, even super admins', () => {
    const d = decideRecordAccess({ ...user('superAdmin'), active: false }, C.ownedBySuperAdmin.properties, parents);
    expect(d).toMatchObject({ canView: false, canEdit: false, reason: 'inactive' });
  });

  it('reads accessible teams from the record and the team tree', () => {
    expect([...readOwnership({ hs_all_team_ids: '302' }, parents).accessibleTeamIds].sort()).toEqual([301, 302]);
  });

  const levels = fc.record({
    view: fc.constantFrom('everything', 'team', 'owned'),
    edit: fc.constantFrom('everything', 'team', 'owned', 'none'),
    viewUnassigned: fc.boolean(),
    editUnassigned: fc.boolean(),
  }) as fc.Arbitrary<PermissionSet>;
  const ids = fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 });

  it('never lets a user edit what they cannot view; super admins always can', () => {
    fc.assert(
      fc.property(levels, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 6 }), ids, ids, ids, ids, (permissions, superAdmin, active, ownerId, teams, owners, recTeams, shared) => {
        const u: AccessUser = { userId: 100, ownerId, superAdmin, active, teamIds: teams, permissions };
        const d = decideAccess(u, readOwnership({ hs_all_owner_ids: owners.join(';'), hs_all_team_ids: recTeams.join(';'), hs_shared_user_ids: shared.map((s) => s + 99).join(';') }, parents));
        if (d.canEdit) expect(d.canView).toBe(true);
        if (!active) expect(d.canView).toBe(false);
        if (active && superAdmin) expect(d.canEdit).toBe(true);
        if (active && permissions.view === 'everything') expect(d.canView).toBe(true);
      }),
    );
  });
});

describe('GET /resource-permissions/v3/permitted-users', () => {
  let s: StartedSandbox;
  let token: string;
  beforeAll(async () => {
    s = await start();
    token = s.sandbox.control.install(acme.portalId, U.superAdmin.userId).access_token;
  });
  afterAll(() => s.close());

  const hcrn = (id: number) => `hcrn:${acme.portalId}:crm-object:0-1:${id}`;

  it('answers VIEW and EDIT users for every seeded contact, consistent with permissions.ts', async () => {
    const all = Object.values(C).slice(0, 20);
    const res = await api(s.url, token, `/resource-permissions/v3/permitted-users?${all.map((c) => `resource=${encodeURIComponent(hcrn(c.id))}`).join('&')}`);
    expect(res.status).toBe(200);
    const portal = s.sandbox.state.portal(acme.portalId)!;
    const users = [...portal.users.values()].map(toAccessUser);
    for (const c of all) {
      expect(res.body.resources[hcrn(c.id)]).toEqual(permittedUsers(users, portal.contacts.get(String(c.id))!.properties, portal.teamParents));
    }
    expect(res.body.resources[hcrn(C.ownedByOwnedOnly.id)]).toEqual({
      'crm-object:VIEW': { permittedUsers: [5001, 5002, 5003, 5004, 5005, 5006, 5008] },
      'crm-object:EDIT': { permittedUsers: [5001, 5002, 5003, 5004, 5005, 5006] },
    });
    expect(res.body.resources[hcrn(C.unassigned.id)]['crm-object:VIEW'].permittedUsers).toEqual([5001, 5002, 5003, 5007, 5008]);
  });

  it('follows owner changes, permission changes and deactivation', async () => {
    const c = s.sandbox.control;
    c.setOwner(acme.portalId, String(C.unassigned.id), U.ownedOnly.ownerId);
    c.setUserPermissions(acme.portalId, U.viewOnly.userId, { view: 'owned' });
    c.setUserActive(acme.portalId, U.everything.userId, false);
    const res = await api(s.url, token, `/resource-permissions/v3/permitted-users?resource=${hcrn(C.unassigned.id)}`);
    expect(res.body.resources[hcrn(C.unassigned.id)]['crm-object:VIEW'].permittedUsers).toEqual([5001, 5003, 5004, 5005, 5006]);
    c.reset();
  });

  it('rejects more than 20 resources, malformed ones and other portals with 400; reports unknown records', async () => {
    token = s.sandbox.control.install(acme.portalId, U.superAdmin.userId).access_token;
    const many = Array.from({ length: 21 }, (_, i) => `resource=${hcrn(101 + i)}`).join('&');
    const tooMany = await api(s.url, token, `/resource-permissions/v3/permitted-users?${many}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect((await api(s.url, token, '/resource-permissions/v3/permitted-users?resource=nope')).status).toBe(400);
    expect((await api(s.url, token, '/resource-permissions/v3/permitted-users')).status).toBe(400);
    expect((await api(s.url, token, `/resource-permissions/v3/permitted-users?resource=hcrn:2002:crm-object:0-1:201`)).status).toBe(400);
    const unknown = await api(s.url, token, `/resource-permissions/v3/permitted-users?resource=${hcrn(999999)}`);
    expect(unknown.status).toBe(200);
    expect(unknown.body.resources).toEqual({});
    expect(unknown.body.errors[0].context.resources).toEqual([hcrn(999999)]);
  });
});
