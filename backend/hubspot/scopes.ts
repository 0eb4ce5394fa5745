/**
 * The OAuth scopes Portside asks for, and what each optional one turns on. Required scopes go in
 * the authorize URL's `scope` (an install without them fails at HubSpot, which is what we want:
 * Portside cannot work without them); optional ones go in `optional_scope`, which HubSpot drops
 * silently when the portal's tier lacks them. Diagnostics use OPTIONAL_SCOPE_FEATURES to say
 * "optional scope X was dropped: feature Y is off" instead of leaving admins to guess.
 */

export const REQUIRED_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.owners.read',
  'oauth',
] as const;

// Teams come with the owners list (`crm.objects.owners.read`), so `settings.users.teams.read`
// is not asked for: a scope Portside never uses would only widen what an admin must approve.
// Companies, deals and tickets are optional: a portal whose subscription lacks one (a free CRM has
// no tickets) still installs and keeps the contact panel; the options page says which objects are
// available. Tickets have one scope, `tickets`, for read and write (backend/hubspot/objects.ts).
export const OPTIONAL_SCOPES = [
  'settings.users.read',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'tickets',
] as const;

export interface ScopeFeature {
  /** Short feature name for lists ("Team sync"). */
  feature: string;
  /** What stops working without the scope, in plain words. */
  effect: string;
}

/** Every scope Portside knows a purpose for, so diagnostics can explain any missing one. */
export const SCOPE_FEATURES: Record<string, ScopeFeature> = {
  'crm.objects.contacts.read': { feature: 'Contact panel', effect: 'Portside cannot read contacts, so the panel cannot show anything.' },
  'crm.objects.contacts.write': { feature: 'Edits, notes and tasks', effect: 'Portside cannot update contacts or add notes and tasks.' },
  'crm.objects.owners.read': { feature: 'Owners', effect: 'Portside cannot match members to HubSpot owners or check who owns a record.' },
  oauth: { feature: 'Connection management', effect: 'Portside cannot read its own connection details or uninstall itself.' },
  'settings.users.read': {
    feature: 'User sync and permission fallback',
    effect: "Portside cannot read HubSpot users (super admin flags, roles), so members must be linked by hand and record access falls back to admin-set access levels only.",
  },
  'crm.objects.companies.read': { feature: 'Company panel', effect: 'Portside cannot read companies, so the panel does not work on company records.' },
  'crm.objects.companies.write': { feature: 'Company edits, notes and tasks', effect: 'Portside cannot update companies or add notes and tasks to them.' },
  'crm.objects.deals.read': { feature: 'Deal panel', effect: 'Portside cannot read deals or their pipelines, so the panel does not work on deal records.' },
  'crm.objects.deals.write': { feature: 'Deal edits, notes and tasks', effect: 'Portside cannot update deals or add notes and tasks to them.' },
  tickets: { feature: 'Ticket panel, edits, notes and tasks', effect: 'Portside cannot read or change tickets, so the panel does not work on ticket records.' },
};

export function describeScope(scope: string): ScopeFeature {
  return SCOPE_FEATURES[scope] ?? { feature: scope, effect: `Features that need ${scope} are off.` };
}

/** HubSpot answers scopes as an array (token info) or a space-separated string (v3 token answers). */
export function normaliseScopes(value: readonly string[] | string | undefined | null): string[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : (value ?? []);
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))].sort();
}

/** Compares what was asked for with what HubSpot granted. */
export function compareScopes(granted: readonly string[], required: readonly string[], optional: readonly string[]) {
  const have = new Set(granted);
  return {
    missingRequired: required.filter((s) => !have.has(s)),
    missingOptional: optional.filter((s) => !have.has(s)),
  };
}
