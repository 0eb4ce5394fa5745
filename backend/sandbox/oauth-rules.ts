import { isKnownScope } from './scopes.js';

/**
 * HubSpot's install rules, as a pure function of the install URL's scopes, the app's
 * configuration, the portal's tier and the installing user:
 * - every scope the app's configuration requires must be in `scope` (putting one only in
 *   `optional_scope` fails with "…the provided scopes are insufficient");
 * - a super admin can install whatever is requested;
 * - a user with App Marketplace access can install only if the portal's tier has every
 *   required scope; any other user cannot install at all ("You do not have the correct role…");
 * - `optional_scope` entries the portal's tier lacks are dropped, never fatal.
 */

export const INSTALL_ERRORS = {
  insufficientScopes: 'Authorization failed because the provided scopes are insufficient. Please contact the app developer.',
  scopeMismatch: "Authorization failed because there is a mismatch between the scopes in the install URL and the app's configured scopes. Please contact the app developer.",
  wrongRole: 'You do not have the correct role to grant these permissions. Please contact your administrator.',
} as const;

export interface InstallingUser {
  superAdmin: boolean;
  appMarketplaceAccess: boolean;
  active: boolean;
}

export interface InstallRequest {
  scopes: readonly string[];
  optionalScopes: readonly string[];
  appRequiredScopes: readonly string[];
  portalScopes: ReadonlySet<string>;
  user: InstallingUser;
}

export type InstallOutcome =
  | { ok: true; granted: string[]; dropped: string[] }
  | { ok: false; error: 'invalid_scope' | 'access_denied'; description: string };

export function splitScopes(value: string | undefined): string[] {
  return value ? [...new Set(value.split(/[\s+,]+/).filter(Boolean))] : [];
}

export function decideInstall(req: InstallRequest): InstallOutcome {
  if ([...req.scopes, ...req.optionalScopes].some((s) => !isKnownScope(s))) {
    return { ok: false, error: 'invalid_scope', description: INSTALL_ERRORS.scopeMismatch };
  }
  const requested = new Set(req.scopes);
  if (req.appRequiredScopes.some((s) => !requested.has(s))) {
    return { ok: false, error: 'invalid_scope', description: INSTALL_ERRORS.insufficientScopes };
  }
  const { user } = req;
  if (!user.active || (!user.superAdmin && !user.appMarketplaceAccess)) {
    return { ok: false, error: 'access_denied', description: INSTALL_ERRORS.wrongRole };
  }
  if (!user.superAdmin && req.scopes.some((s) => !req.portalScopes.has(s))) {
    return { ok: false, error: 'access_denied', description: INSTALL_ERRORS.wrongRole };
  }
  const optional = req.optionalScopes.filter((s) => !requested.has(s));
  const kept = optional.filter((s) => req.portalScopes.has(s));
  const dropped = optional.filter((s) => !req.portalScopes.has(s));
  return { ok: true, granted: [...req.scopes, ...kept], dropped };
}
