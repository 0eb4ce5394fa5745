import type { ObjectPermissions } from './object-permissions.js';
import type { PermissionSet } from './permissions.js';
import { acmeObjects, freeObjects, type SeedObjects } from './seed-objects.js';
import { tierScopes, type Scope, type Tier } from './scopes.js';

/**
 * Fixed seed data. Ids never change between runs, so tests can name people and records:
 *
 *   SEED.portals.acme.portalId                       1001 (enterprise tier, every scope)
 *   SEED.portals.acme.users.ownedOnly.userId          5006 (and .ownerId 7006, .email, …)
 *   SEED.portals.acme.teams.salesEast.id              302 (child of teams.sales, 301)
 *   SEED.portals.acme.contacts.sharedWithUser.id      107
 *   SEED.portals.free.portalId                        2002 (free tier: no teams scope, …)
 *
 * Shape: SEED.portals.<portalKey> = { portalId, name, tier, scopes, uiDomain, …, roles,
 *   teams.<teamKey> = { id, name, parentTeamId },
 *   users.<userKey> = { userId, ownerId, email, firstName, lastName, superAdmin,
 *                       appMarketplaceAccess, primaryTeamId, secondaryTeamIds, roleId,
 *                       permissions, active },
 *   contacts.<contactKey> = { id, properties } }.
 * Contacts carry only their own properties here; the sandbox derives hubspot_team_id,
 * hs_all_owner_ids, hs_all_team_ids and hs_all_accessible_team_ids from the owner.
 */

export const SANDBOX_APP = {
  appId: 424242,
  clientId: 'portside-sandbox-client',
  clientSecret: 'portside-sandbox-secret',
  name: 'Portside (sandbox)',
  /** Scopes the app's configuration marks required: an install URL must ask for all of them. */
  requiredScopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'] as Scope[],
} as const;

export interface SeedTeam {
  id: number;
  name: string;
  parentTeamId: number | null;
}

export interface SeedRole {
  id: number;
  name: string;
  requiresBillingWrite: boolean;
}

export interface SeedUser {
  userId: number;
  ownerId: number;
  email: string;
  firstName: string;
  lastName: string;
  superAdmin: boolean;
  /** "App Marketplace access" in HubSpot's user settings: may install apps without being super admin. */
  appMarketplaceAccess: boolean;
  primaryTeamId: number | null;
  secondaryTeamIds: number[];
  roleId: number | null;
  permissions: PermissionSet;
  active: boolean;
  /** Companies/deals/tickets sets that differ from `permissions` (object-permissions.ts); `null` = no access. */
  objectPermissions?: ObjectPermissions;
}

export interface SeedContact {
  id: number;
  properties: Record<string, string>;
}

export interface SeedPortal {
  portalId: number;
  name: string;
  domain: string;
  tier: Tier;
  scopes: Scope[];
  uiDomain: string;
  dataHostingLocation: 'na1' | 'na2' | 'na3' | 'eu1' | 'ap1';
  timeZone: string;
  companyCurrency: string;
  roles: SeedRole[];
  teams: Record<string, SeedTeam>;
  users: Record<string, SeedUser>;
  contacts: Record<string, SeedContact>;
  /** Companies, deals, tickets, pipelines, currencies and associations (seed-objects.ts). */
  objects?: SeedObjects;
}

export const PERMISSIONS = {
  everything: { view: 'everything', edit: 'everything', viewUnassigned: true, editUnassigned: true },
  teamOnly: { view: 'team', edit: 'team', viewUnassigned: false, editUnassigned: false },
  ownedOnly: { view: 'owned', edit: 'owned', viewUnassigned: false, editUnassigned: false },
  ownedUnassigned: { view: 'owned', edit: 'owned', viewUnassigned: true, editUnassigned: true },
  viewOnly: { view: 'everything', edit: 'none', viewUnassigned: true, editUnassigned: false },
} as const satisfies Record<string, PermissionSet>;

type UserInput = Omit<SeedUser, 'secondaryTeamIds' | 'active' | 'appMarketplaceAccess' | 'superAdmin' | 'permissions'> &
  Partial<Pick<SeedUser, 'secondaryTeamIds' | 'active' | 'appMarketplaceAccess' | 'superAdmin'>> & {
    permissions: PermissionSet;
  };

function user(u: UserInput): SeedUser {
  return {
    superAdmin: false,
    appMarketplaceAccess: false,
    secondaryTeamIds: [],
    active: true,
    ...u,
    permissions: { ...u.permissions },
  };
}

function contact(id: number, first: string, last: string, company: string, extra: Record<string, string> = {}): SeedContact {
  const email = `${first}.${last}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example`.toLowerCase();
  return {
    id,
    properties: {
      firstname: first,
      lastname: last,
      email,
      company,
      phone: `+1 555 01${String(id).padStart(2, '0').slice(-2)}`,
      jobtitle: 'Buyer',
      lifecyclestage: 'lead',
      hs_lead_status: 'NEW',
      city: 'Boston',
      ...extra,
    },
  };
}

const acmeTeams = {
  sales: { id: 301, name: 'Sales', parentTeamId: null },
  salesEast: { id: 302, name: 'Sales East', parentTeamId: 301 },
  support: { id: 303, name: 'Support', parentTeamId: null },
} satisfies Record<string, SeedTeam>;

const acmeUsers = {
  superAdmin: user({ userId: 5001, ownerId: 7001, email: 'alice.admin@acme.example', firstName: 'Alice', lastName: 'Admin', superAdmin: true, primaryTeamId: null, roleId: null, permissions: PERMISSIONS.everything }),
  everything: user({ userId: 5002, ownerId: 7002, email: 'evan.everything@acme.example', firstName: 'Evan', lastName: 'Everything', primaryTeamId: 303, roleId: 902, permissions: PERMISSIONS.everything }),
  marketplace: user({ userId: 5003, ownerId: 7003, email: 'mara.market@acme.example', firstName: 'Mara', lastName: 'Market', appMarketplaceAccess: true, primaryTeamId: 303, secondaryTeamIds: [301], roleId: 902, permissions: PERMISSIONS.everything }),
  teamOnly: user({ userId: 5004, ownerId: 7004, email: 'tina.team@acme.example', firstName: 'Tina', lastName: 'Team', primaryTeamId: 301, roleId: 903, permissions: PERMISSIONS.teamOnly }),
  childTeam: user({ userId: 5005, ownerId: 7005, email: 'chris.child@acme.example', firstName: 'Chris', lastName: 'Child', primaryTeamId: 302, roleId: 903, permissions: PERMISSIONS.teamOnly }),
  ownedOnly: user({ userId: 5006, ownerId: 7006, email: 'oscar.owned@acme.example', firstName: 'Oscar', lastName: 'Owned', primaryTeamId: 302, roleId: 904, permissions: PERMISSIONS.ownedOnly }),
  ownedUnassigned: user({ userId: 5007, ownerId: 7007, email: 'uma.unassigned@acme.example', firstName: 'Uma', lastName: 'Unassigned', primaryTeamId: 302, roleId: 904, permissions: PERMISSIONS.ownedUnassigned }),
  viewOnly: user({ userId: 5008, ownerId: 7008, email: 'victor.viewer@acme.example', firstName: 'Victor', lastName: 'Viewer', primaryTeamId: 303, roleId: 905, permissions: PERMISSIONS.viewOnly }),
} satisfies Record<string, SeedUser>;

// Per-object permission sets: Evan sees every contact but only his own deals; Oscar has no
// ticket access at all. Their contact permissions (and every other user's) are unchanged.
acmeUsers.everything.objectPermissions = { deals: PERMISSIONS.ownedOnly };
acmeUsers.ownedOnly.objectPermissions = { tickets: null };

const u = acmeUsers;
const acmeContacts = {
  ownedByOwnedOnly: contact(101, 'Olivia', 'Oakes', 'Oakwood', { hubspot_owner_id: String(u.ownedOnly.ownerId) }),
  ownedByOwnedUnassigned: contact(102, 'Ursula', 'Upton', 'Upland', { hubspot_owner_id: String(u.ownedUnassigned.ownerId) }),
  ownedByTeamOnly: contact(103, 'Theo', 'Turner', 'Tarmac', { hubspot_owner_id: String(u.teamOnly.ownerId) }),
  ownedByChildTeam: contact(104, 'Cora', 'Chase', 'Cobalt', { hubspot_owner_id: String(u.childTeam.ownerId) }),
  ownedByEverything: contact(105, 'Ezra', 'Ellis', 'Ember', { hubspot_owner_id: String(u.everything.ownerId) }),
  unassigned: contact(106, 'Nina', 'Noone', 'Nowhere', {}),
  sharedWithUser: contact(107, 'Sam', 'Shared', 'Sharing', { hubspot_owner_id: String(u.everything.ownerId), hs_shared_user_ids: String(u.ownedOnly.userId) }),
  sharedWithTeam: contact(108, 'Tess', 'Teamshare', 'Tandem', { hubspot_owner_id: String(u.everything.ownerId), hs_shared_team_ids: String(acmeTeams.salesEast.id) }),
  ownedBySuperAdmin: contact(109, 'Adam', 'Apex', 'Apex', { hubspot_owner_id: String(u.superAdmin.ownerId) }),
  ownedByViewOnly: contact(110, 'Vera', 'Vance', 'Vantage', { hubspot_owner_id: String(u.viewOnly.ownerId) }),
} satisfies Record<string, SeedContact>;

/** More contacts for list pages and paging, spread round-robin over owners and unassigned. */
const FILLER_OWNERS = [null, ...Object.values(acmeUsers).map((x) => x.ownerId)];
const FILLER_NAMES = ['Avery', 'Blake', 'Casey', 'Drew', 'Emery', 'Finley', 'Gray', 'Harper', 'Indy', 'Jules'];
for (let i = 0; i < 20; i++) {
  const owner = FILLER_OWNERS[i % FILLER_OWNERS.length];
  const name = FILLER_NAMES[i % FILLER_NAMES.length] ?? 'Pat';
  (acmeContacts as Record<string, SeedContact>)[`filler${i + 1}`] = contact(111 + i, name, `Filler${i + 1}`, 'Fillmore', owner ? { hubspot_owner_id: String(owner) } : {});
}

const freeTeams = { bakers: { id: 401, name: 'Bakers', parentTeamId: null } } satisfies Record<string, SeedTeam>;
const freeUsers = {
  superAdmin: user({ userId: 6001, ownerId: 8001, email: 'fred.free@bakery.example', firstName: 'Fred', lastName: 'Free', superAdmin: true, primaryTeamId: null, roleId: null, permissions: PERMISSIONS.everything }),
  marketplace: user({ userId: 6002, ownerId: 8002, email: 'mia.market@bakery.example', firstName: 'Mia', lastName: 'Market', appMarketplaceAccess: true, primaryTeamId: 401, roleId: 912, permissions: PERMISSIONS.everything }),
  member: user({ userId: 6003, ownerId: 8003, email: 'milo.member@bakery.example', firstName: 'Milo', lastName: 'Member', primaryTeamId: 401, roleId: 914, permissions: PERMISSIONS.ownedOnly }),
} satisfies Record<string, SeedUser>;
const freeContacts = {
  ownedByMember: contact(201, 'Bea', 'Baker', 'Crumb', { hubspot_owner_id: String(freeUsers.member.ownerId) }),
  unassigned: contact(202, 'Rye', 'Loaf', 'Crumb', {}),
  ownedBySuperAdmin: contact(203, 'Flo', 'Flour', 'Crumb', { hubspot_owner_id: String(freeUsers.superAdmin.ownerId) }),
} satisfies Record<string, SeedContact>;

export const SEED = {
  portals: {
    acme: {
      portalId: 1001,
      name: 'Acme Corp',
      domain: 'acme.example',
      tier: 'enterprise' as Tier,
      scopes: tierScopes('enterprise'),
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1' as const,
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      roles: [
        { id: 902, name: 'Sales Manager', requiresBillingWrite: false },
        { id: 903, name: 'Sales Rep (team)', requiresBillingWrite: false },
        { id: 904, name: 'Sales Rep (owned)', requiresBillingWrite: false },
        { id: 905, name: 'Viewer', requiresBillingWrite: false },
      ],
      teams: acmeTeams,
      users: acmeUsers,
      contacts: acmeContacts,
      objects: acmeObjects(acmeUsers, acmeTeams),
    },
    free: {
      portalId: 2002,
      name: 'Bootstrap Bakery',
      domain: 'bakery.example',
      tier: 'free' as Tier,
      scopes: tierScopes('free'),
      uiDomain: 'app-eu1.hubspot.com',
      dataHostingLocation: 'eu1' as const,
      timeZone: 'Europe/Berlin',
      companyCurrency: 'EUR',
      roles: [
        { id: 912, name: 'Manager', requiresBillingWrite: false },
        { id: 914, name: 'Member', requiresBillingWrite: false },
      ],
      teams: freeTeams,
      users: freeUsers,
      contacts: freeContacts,
      objects: freeObjects(freeUsers.member),
    },
  },
} satisfies { portals: Record<string, SeedPortal> };

export type SeedKind = 'default' | 'large';
export const LARGE_SEED_CONTACTS = 100_000;
/** First id of the generated contacts of the large seed (in the acme portal). */
export const LARGE_SEED_FIRST_ID = 1_000_000;

/**
 * Contacts generated for the large seed, deterministic so benchmarks can address ids
 * LARGE_SEED_FIRST_ID … LARGE_SEED_FIRST_ID + count - 1. A generator keeps memory flat.
 */
export function* largeSeedContacts(count = LARGE_SEED_CONTACTS): Generator<SeedContact> {
  const owners = [null, ...Object.values(acmeUsers).map((x) => x.ownerId)];
  for (let i = 0; i < count; i++) {
    const owner = owners[i % owners.length];
    const id = LARGE_SEED_FIRST_ID + i;
    yield {
      id,
      properties: {
        firstname: `Bench${i}`,
        lastname: `Contact${i}`,
        email: `bench${i}@load.example`,
        company: `Load ${i % 500}`,
        lifecyclestage: 'lead',
        ...(owner ? { hubspot_owner_id: String(owner) } : {}),
      },
    };
  }
}
