import type { ErrorCode, Failure, Success } from '../../lib/contract/errors';
import { embeddedPropertyIssues, parseErrorBody, type HubSpotErrorBody } from './error-body';
import { classifyOAuthError } from './oauth-errors';

/**
 * HubSpot error answers → Portside failure values with stable codes and plain guidance.
 * Everything downstream (writes, record access, install health) branches on `details.kind`
 * or the failure code, never on HubSpot's text, which changes without notice.
 *
 * The 403 families are told apart as HubSpot words them:
 * - MISSING_SCOPES (category): the *app* lacks an OAuth scope; an admin must reconnect to grant it.
 * - names like `tickets-read`, `contacts-write` in a 403 message: the HubSpot *user's*
 *   permissions, not scopes; reconnecting does not help, a HubSpot admin must change the user.
 * - subscription/tier wording: the portal's plan lacks the product.
 * HubSpot's own message and correlationId are kept (support asks for the latter); neither
 * carries credentials.
 */

export type HubSpotErrorKind =
  | 'missing_scopes'
  | 'user_permission'
  | 'tier'
  | 'forbidden'
  | 'needs_reconnect'
  | 'expired_token'
  | 'invalid_token'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'validation_error'
  | 'wrong_data_center'
  | 'unavailable'
  | 'bad_request'
  | 'unknown';

export interface FieldIssue {
  field: string | null;
  message: string;
  code: string | null;
}

export interface HubSpotErrorDetails {
  kind: HubSpotErrorKind;
  httpStatus: number | null;
  category: string | null;
  correlationId: string | null;
  hubspotMessage: string | null;
  /** Whether trying again later (same request, no admin action) can succeed. */
  retryable: boolean;
  /** What an admin must do, when only an admin can fix it. */
  adminAction: string | null;
  requiredScopes?: string[];
  userPermissions?: string[];
  retryAfterSeconds?: number;
  fields?: FieldIssue[];
  existingId?: string;
  /** The data centre HubSpot says holds the portal (wrong-data-centre answers only). */
  correctHublet?: string;
}

export interface HubSpotFailure extends Failure {
  error: { code: ErrorCode; message: string; details: HubSpotErrorDetails };
}

/** What every backend/hubspot function returns: data, or a translated HubSpot failure. */
export type HubSpotResult<T> = Success<T> | HubSpotFailure;

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

const USER_PERMISSION_NAME = /\b[a-z]+(?:-[a-z]+)*-(?:read|write|view|edit|delete|access|communicate|create)\b/g;
const TIER_WORDING = /subscription|upgrade|\btier\b|not available (?:on|for|in) (?:your|this) (?:portal|account|hub)|requires (?:a )?(?:starter|professional|enterprise)/i;
const WRONG_HUBLET = /unknown to this hublet/i;
/** HubSpot's non-standard status for a call that reached the wrong data centre. */
const WRONG_HUBLET_STATUS = 488;
const hubletHeader = (headers?: HeaderSource) => {
  const v = headers?.get('x-hubspot-correct-hublet')?.trim().toLowerCase();
  return v && /^[a-z]{2}\d{1,2}$/.test(v) ? v : undefined;
};

const CODE_BY_KIND: Record<HubSpotErrorKind, ErrorCode> = {
  missing_scopes: 'missing_scopes',
  user_permission: 'user_permission',
  tier: 'tier',
  forbidden: 'forbidden',
  needs_reconnect: 'needs_reconnect',
  expired_token: 'hubspot_error',
  invalid_token: 'hubspot_error',
  rate_limited: 'rate_limited',
  not_found: 'not_found',
  conflict: 'conflict',
  validation_error: 'validation_error',
  wrong_data_center: 'hubspot_error',
  unavailable: 'hubspot_unavailable',
  bad_request: 'hubspot_error',
  unknown: 'hubspot_error',
};

export function translateHubSpotError(status: number | null, rawBody: unknown, headers?: HeaderSource): HubSpotFailure {
  const body = parseErrorBody(rawBody);
  const message = body.message ?? body.error_description ?? null;
  const base = {
    httpStatus: status,
    category: body.category ?? body.errorType ?? null,
    correlationId: body.correlationId ?? headers?.get('x-hubspot-correlation-id') ?? null,
    hubspotMessage: message ? message.slice(0, 500) : null,
  };
  const d = classify(status, body, headers);
  const details: HubSpotErrorDetails = { ...base, adminAction: null, retryable: false, ...d.details };
  return { ok: false, error: { code: CODE_BY_KIND[details.kind], message: d.message, details } };
}

interface Classified {
  message: string;
  details: Partial<HubSpotErrorDetails> & { kind: HubSpotErrorKind };
}

function classify(status: number | null, body: HubSpotErrorBody, headers?: HeaderSource): Classified {
  const text = `${body.message ?? ''} ${body.error_description ?? ''}`;
  const oauth = classifyOAuthError(body);
  if (oauth) return oauth;
  const correctHublet = body.correctHublet ?? hubletHeader(headers);
  if (status === WRONG_HUBLET_STATUS || correctHublet || WRONG_HUBLET.test(text)) {
    // Per portal: the other portals of a deployment are where Portside looks for them, so the
    // API base is not the thing to change for everyone.
    const where = correctHublet ? `HubSpot's ${correctHublet} data centre` : 'another HubSpot data centre';
    return {
      message: `HubSpot says this account lives in ${where}, not the one Portside's calls for it reached.`,
      details: {
        kind: 'wrong_data_center',
        ...(correctHublet ? { correctHublet } : {}),
        adminAction: `Only this account is affected. If HUBSPOT_API_BASE is a regional host, the operator should use HubSpot's global https://api.hubapi.com, which serves every data centre; if the account moved to ${where} recently, reconnect HubSpot. Keep HubSpot's correlation id for their support.`,
      },
    };
  }
  if (body.category === 'MISSING_SCOPES') {
    const scopes = [...new Set((body.errors ?? []).flatMap((e) => e.context?.requiredScopes ?? e.context?.requiredGranularScopes ?? []))];
    const list = scopes.length ? scopes.join(', ') : 'a scope it was not granted';
    return {
      message: `Portside's HubSpot connection lacks the scope it needs for this (${list}). An admin must reconnect HubSpot and approve it.`,
      details: { kind: 'missing_scopes', requiredScopes: scopes, adminAction: `Reconnect HubSpot and grant ${list}. If the scope is not offered, the portal's plan may not include it.` },
    };
  }
  switch (status) {
    case 401:
      return body.category === 'EXPIRED_AUTHENTICATION'
        ? { message: 'The HubSpot access token had expired.', details: { kind: 'expired_token', retryable: true } }
        : { message: 'HubSpot did not accept Portside’s credentials.', details: { kind: 'invalid_token', retryable: true } };
    case 403:
      return forbidden(body, text);
    case 404:
      return { message: 'HubSpot has no such record (it may have been deleted or merged).', details: { kind: 'not_found' } };
    case 409: {
      const existingId = /Existing ID:\s*(\d+)/i.exec(text)?.[1];
      return {
        message: existingId ? `HubSpot already has this record (id ${existingId}).` : 'HubSpot refused the change because it conflicts with existing data.',
        details: { kind: 'conflict', ...(existingId ? { existingId } : {}) },
      };
    }
    case 429: {
      const retryAfterSeconds = retryAfter(body, headers);
      return { message: `HubSpot's rate limit was reached; trying again in ${retryAfterSeconds} s.`, details: { kind: 'rate_limited', retryable: true, retryAfterSeconds } };
    }
  }
  if (status === 400 && (body.category === 'VALIDATION_ERROR' || (body.errors?.length ?? 0) > 0)) return validation(body);
  if (status === null || status >= 500) {
    return { message: 'HubSpot is not answering properly right now; Portside will try again.', details: { kind: 'unavailable', retryable: true } };
  }
  if (status >= 400 && status < 500) return { message: 'HubSpot rejected the request.', details: { kind: 'bad_request' } };
  return { message: 'HubSpot answered unexpectedly.', details: { kind: 'unknown' } };
}

function forbidden(body: HubSpotErrorBody, text: string): Classified {
  const perms = [...new Set(text.match(USER_PERMISSION_NAME) ?? [])];
  if (perms.length > 0) {
    return {
      message: `The HubSpot user lacks the permission ${perms.join(', ')}. These are HubSpot user permissions, not app scopes: reconnecting will not help; a HubSpot admin must change the user's permissions.`,
      details: { kind: 'user_permission', userPermissions: perms, adminAction: `In HubSpot, give the user ${perms.join(', ')} (Settings → Users & Teams).` },
    };
  }
  if (TIER_WORDING.test(text) || /TIER|SUBSCRIPTION|PORTAL_NOT/i.test(body.subCategory ?? '')) {
    return {
      message: "The HubSpot account's subscription does not include this feature.",
      details: { kind: 'tier', adminAction: 'The portal needs a HubSpot plan that includes this product.' },
    };
  }
  return { message: 'HubSpot refused access to this.', details: { kind: 'forbidden' } };
}

function validation(body: HubSpotErrorBody): Classified {
  const embedded = embeddedPropertyIssues(body.message);
  const fields: FieldIssue[] = embedded.length
    ? embedded.map((i) => ({ field: i.name, message: i.message ?? 'invalid value', code: i.error ?? null }))
    : (body.errors ?? []).map((e) => ({
        field: e.context?.propertyName?.[0] ?? e.in ?? null,
        message: e.message ?? 'invalid value',
        code: e.code ?? null,
      }));
  const named = fields.map((f) => f.field).filter((f): f is string => !!f);
  return {
    message: named.length ? `HubSpot rejected the value of ${[...new Set(named)].join(', ')}.` : 'HubSpot rejected the request as invalid.',
    details: { kind: 'validation_error', fields },
  };
}

/** Seconds to wait: the Retry-After header, else the rate window HubSpot reported, else 10 s. */
function retryAfter(body: HubSpotErrorBody, headers?: HeaderSource): number {
  const header = headers?.get('retry-after');
  if (header) {
    const secs = /^\d+$/.test(header.trim()) ? Number(header) : Math.ceil((Date.parse(header) - Date.now()) / 1000);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(Math.max(secs, 1), 3600);
  }
  const interval = Number(headers?.get('x-hubspot-ratelimit-interval-milliseconds'));
  if (Number.isFinite(interval) && interval > 0) return Math.min(Math.ceil(interval / 1000), 3600);
  if (body.policyName === 'SECONDLY') return 1;
  return 10;
}
