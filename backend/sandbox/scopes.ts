/**
 * OAuth scopes the sandbox knows, which portal tiers include them, and which scopes each API
 * route needs. Names follow HubSpot's scope list; a scope outside KNOWN_SCOPES is rejected at
 * authorize time as HubSpot rejects unknown scopes.
 */

export const KNOWN_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.owners.read',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.schemas.contacts.read',
  'settings.users.read',
  'settings.users.write',
  'settings.users.teams.read',
  'settings.users.teams.write',
  'settings.currencies.read',
  'tickets',
  'automation',
  'content',
  'timeline',
] as const;

export type Scope = (typeof KNOWN_SCOPES)[number];

const KNOWN = new Set<string>(KNOWN_SCOPES);
export function isKnownScope(s: string): s is Scope {
  return KNOWN.has(s);
}

export type Tier = 'enterprise' | 'free';

/**
 * Free CRM portals lack teams (Starter and up), custom objects (Enterprise), workflows and
 * content tools (Professional and up). Enterprise has everything the sandbox knows.
 */
const FREE_TIER_MISSING = new Set<string>([
  'settings.users.teams.read',
  'settings.users.teams.write',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'automation',
  'content',
  // The sandbox's free portal has no help desk, so an install asking for tickets as an optional
  // scope exercises HubSpot's "dropped, not fatal" rule.
  'tickets',
]);

export function tierScopes(tier: Tier): Scope[] {
  return KNOWN_SCOPES.filter((s) => tier === 'enterprise' || !FREE_TIER_MISSING.has(s));
}

/**
 * Scopes a route accepts: any one of the listed scopes grants access (HubSpot lists the
 * alternatives in `requiredGranularScopes`). Writes need the write scope; reads accept either.
 */
export const ROUTE_SCOPES = {
  contactsRead: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
  contactsWrite: ['crm.objects.contacts.write'],
  owners: ['crm.objects.owners.read'],
  properties: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read'],
  users: ['settings.users.read', 'settings.users.write'],
  teams: ['settings.users.teams.read', 'settings.users.teams.write'],
  oauth: ['oauth'],
  permissions: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
  companiesRead: ['crm.objects.companies.read', 'crm.objects.companies.write'],
  companiesWrite: ['crm.objects.companies.write'],
  dealsRead: ['crm.objects.deals.read', 'crm.objects.deals.write'],
  dealsWrite: ['crm.objects.deals.write'],
  tickets: ['tickets'],
  currencies: ['settings.currencies.read'],
} as const satisfies Record<string, readonly Scope[]>;

export type RouteScopeKey = keyof typeof ROUTE_SCOPES;
