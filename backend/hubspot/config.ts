import { z } from 'zod';
import { parseKeySpec } from '../vault/keys';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES, normaliseScopes } from './scopes';

/** HubSpot's global API host: it serves accounts of every data centre. */
export const GLOBAL_API_BASE = 'https://api.hubapi.com';

/**
 * Environment variables for the HubSpot app, the install flow and the token vault. They are
 * spread into backend/config.ts's schema, and `installConfigProblems` adds the cross-field
 * checks, so a bad value is reported with every other bad variable at start.
 *
 * With no HUBSPOT_CLIENT_ID the backend runs against the embedded sandbox (development and
 * tests); production refuses that, and refuses to start without ENCRYPTION_KEYS.
 * HUBSPOT_AUTHORIZE_BASE / HUBSPOT_API_BASE follow the portal's data centre (e.g.
 * https://app-eu1.hubspot.com for EU accounts); HUBSPOT_REDIRECT_URI is sent byte for byte, so
 * it must equal the redirect URL registered in the app's settings.
 */

const httpsOrLocal = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

export const INSTALL_ENV = {
  HUBSPOT_CLIENT_ID: z.string().min(1).max(200).optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  HUBSPOT_APP_ID: z.coerce.number().int().positive().optional(),
  HUBSPOT_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  HUBSPOT_API_BASE: httpsOrLocal.default(GLOBAL_API_BASE),
  HUBSPOT_AUTHORIZE_BASE: httpsOrLocal.default('https://app.hubspot.com'),
  HUBSPOT_SCOPES: z.string().max(2000).default(REQUIRED_SCOPES.join(' ')),
  HUBSPOT_OPTIONAL_SCOPES: z.string().max(2000).default(OPTIONAL_SCOPES.join(' ')),
  ENCRYPTION_KEYS: z.string().max(10_000).optional(),
  ENCRYPTION_PRIMARY_KEY_ID: z.string().max(32).optional(),
  /** After this long on HubSpot with no answer, the options page explains the silence (HubSpot sends nothing for a refused install). At most the 10-minute ticket life. */
  INSTALL_NO_ANSWER_SECONDS: z.coerce.number().int().min(10).max(600).default(120),
};

interface InstallEnv {
  NODE_ENV: string;
  HUBSPOT_CLIENT_ID?: string | undefined;
  HUBSPOT_CLIENT_SECRET?: string | undefined;
  HUBSPOT_APP_ID?: number | undefined;
  HUBSPOT_REDIRECT_URI?: string | undefined;
  HUBSPOT_API_BASE: string;
  HUBSPOT_AUTHORIZE_BASE: string;
  HUBSPOT_SCOPES: string;
  HUBSPOT_OPTIONAL_SCOPES: string;
  ENCRYPTION_KEYS?: string | undefined;
  ENCRYPTION_PRIMARY_KEY_ID?: string | undefined;
}

const isLoopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

/**
 * HubSpot's hosts, global or per data centre: the API at api.hubapi.com (regional
 * api-<hublet>.hubapi.com), the authorize page at app.hubspot.com (app-<hublet>.hubspot.com).
 * In production the bases must be these, over https: a sandbox or look-alike host there would
 * be handed client secrets, authorization codes and every portal's tokens.
 */
const HUBSPOT_HOSTS = {
  HUBSPOT_API_BASE: { pattern: /^api(-[a-z]{2}\d{1,2})?\.hubapi\.com$/, example: 'https://api.hubapi.com' },
  HUBSPOT_AUTHORIZE_BASE: { pattern: /^app(-[a-z]{2}\d{1,2})?\.hubspot\.com$/, example: 'https://app.hubspot.com (or app-eu1.hubspot.com …)' },
} as const;

function hubspotHostProblems(c: Pick<InstallEnv, 'HUBSPOT_API_BASE' | 'HUBSPOT_AUTHORIZE_BASE'>): string[] {
  const problems: string[] = [];
  for (const name of ['HUBSPOT_API_BASE', 'HUBSPOT_AUTHORIZE_BASE'] as const) {
    const url = new URL(c[name]);
    const { pattern, example } = HUBSPOT_HOSTS[name];
    if (url.protocol !== 'https:' || !pattern.test(url.hostname) || url.port !== '') {
      problems.push(`${name}: must be a HubSpot host over https in production, e.g. ${example}; ${url.origin} is not (the sandbox and localhost are for development only)`);
    }
  }
  return problems;
}

export function installConfigProblems(c: InstallEnv): string[] {
  const problems: string[] = [];
  const prod = c.NODE_ENV === 'production';
  const app = { HUBSPOT_CLIENT_ID: c.HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET: c.HUBSPOT_CLIENT_SECRET, HUBSPOT_REDIRECT_URI: c.HUBSPOT_REDIRECT_URI };
  const set = Object.entries(app).filter(([, v]) => v !== undefined);
  if (set.length > 0 && set.length < 3) {
    for (const [name, v] of Object.entries(app)) if (v === undefined) problems.push(`${name}: required when any HubSpot app credential is set`);
  } else if (set.length === 0 && prod) {
    problems.push('HUBSPOT_CLIENT_ID: required in production (without app credentials the backend would use the sandbox)');
  }
  if (prod && !c.ENCRYPTION_KEYS) problems.push('ENCRYPTION_KEYS: required in production (HubSpot tokens are stored encrypted)');
  if (c.ENCRYPTION_KEYS) {
    const spec = parseKeySpec(c.ENCRYPTION_KEYS, c.ENCRYPTION_PRIMARY_KEY_ID);
    if (!spec.ok) problems.push(...spec.problems);
  } else if (c.ENCRYPTION_PRIMARY_KEY_ID) {
    problems.push('ENCRYPTION_PRIMARY_KEY_ID: set without ENCRYPTION_KEYS');
  }
  if (prod) {
    const v = c.HUBSPOT_REDIRECT_URI;
    if (v && new URL(v).protocol !== 'https:' && !isLoopback(new URL(v))) problems.push('HUBSPOT_REDIRECT_URI: must be https in production');
    problems.push(...hubspotHostProblems(c));
  }
  const scopes = normaliseScopes(c.HUBSPOT_SCOPES);
  const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
  if (missing.length > 0) problems.push(`HUBSPOT_SCOPES: must include ${missing.join(', ')} (Portside cannot work without them)`);
  const both = normaliseScopes(c.HUBSPOT_OPTIONAL_SCOPES).filter((s) => scopes.includes(s));
  if (both.length > 0) problems.push(`HUBSPOT_OPTIONAL_SCOPES: ${both.join(', ')} also listed in HUBSPOT_SCOPES`);
  return problems;
}
