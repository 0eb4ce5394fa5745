import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * HubSpot's error envelope. Every API error the sandbox sends goes through these builders so
 * the field names and order match what clients (and the official SDK) parse:
 * `status: "error"`, `message`, `correlationId`, then `errors`, `context`, `links`, `category`.
 */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
  subCategory?: string;
}

export interface HubSpotError {
  status: 'error';
  message: string;
  correlationId: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  category?: string;
  subCategory?: string;
}

export function correlationId(): string {
  return randomUUID();
}

export function hubspotError(
  message: string,
  category: string | undefined,
  extra: Partial<Omit<HubSpotError, 'status' | 'message' | 'correlationId' | 'category'>> = {},
): HubSpotError {
  const body: HubSpotError = { status: 'error', message, correlationId: correlationId() };
  if (extra.errors) body.errors = extra.errors;
  if (extra.context) body.context = extra.context;
  if (extra.links) body.links = extra.links;
  if (category) body.category = category;
  if (extra.subCategory) body.subCategory = extra.subCategory;
  return body;
}

export function sendError(reply: FastifyReply, statusCode: number, body: object): FastifyReply {
  const cid = (body as { correlationId?: unknown }).correlationId;
  if (typeof cid === 'string') reply.header('x-hubspot-correlation-id', cid);
  return reply.code(statusCode).type('application/json;charset=utf-8').send(body);
}

/** 404 for a numeric id that does not exist, as the CRM object APIs answer (no category). */
export function notFoundBody(): HubSpotError {
  return hubspotError('resource not found', undefined);
}

/** 404 for an id that is not even numeric: HubSpot's text has two spaces after the period. */
export function objectNotFoundBody(id: string): HubSpotError {
  return hubspotError('Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND', {
    context: { id: [id] },
  });
}

/** 404 for an unknown route, so clients never see Fastify's own error shape. */
export function unknownRouteBody(method: string, url: string): HubSpotError {
  return hubspotError(`Unable to infer object type from: ${url.split('?')[0]} (${method})`, 'OBJECT_NOT_FOUND');
}

/**
 * 400 for a body or query that does not have the expected shape. HubSpot answers malformed
 * JSON input with "Invalid input JSON …" and VALIDATION_ERROR; the per-field details go in
 * `errors[]` so clients can point at the offending field.
 */
export function invalidInputBody(issues: { path: PropertyKey[]; message: string }[], where = 'body'): HubSpotError {
  const first = issues[0];
  const summary = first ? `${first.path.map(String).join('.') || where}: ${first.message}` : 'invalid input';
  return hubspotError(`Invalid input JSON: ${summary}`, 'VALIDATION_ERROR', {
    errors: issues.map((i) => ({
      message: i.message,
      code: 'INVALID_INPUT',
      in: i.path.map(String).join('.') || where,
    })),
  });
}

export const SCOPES_LINK = 'https://developers.hubspot.com/scopes';

export function missingScopesBody(requiredScopes: readonly string[]): HubSpotError {
  return hubspotError(
    `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: ${SCOPES_LINK}.`,
    'MISSING_SCOPES',
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredScopes: [...requiredScopes], requiredGranularScopes: [...requiredScopes] },
        },
      ],
      links: { scopes: SCOPES_LINK },
    },
  );
}

export const OAUTH_OVERVIEW_LINK = 'https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export function invalidAuthenticationBody(): HubSpotError {
  return hubspotError(
    `Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at ${OAUTH_OVERVIEW_LINK}`,
    'INVALID_AUTHENTICATION',
  );
}

/** HubSpot words the age of an expired token in the largest whole unit. */
export function expiredAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} second(s)`;
  if (s < 3600) return `${Math.floor(s / 60)} minute(s)`;
  if (s < 86_400) return `${Math.floor(s / 3600)} hour(s)`;
  return `${Math.floor(s / 86_400)} day(s)`;
}

export function expiredAuthenticationBody(expiresAt: number, now: number): HubSpotError {
  return hubspotError(
    `The OAuth token used to make this call expired ${expiredAge(now - expiresAt)} ago.`,
    'EXPIRED_AUTHENTICATION',
    { context: { 'expire time': [new Date(expiresAt).toISOString()] } },
  );
}

export interface RateLimitBody {
  status: 'error';
  message: string;
  errorType: 'RATE_LIMIT';
  correlationId: string;
  policyName: 'TEN_SECONDLY_ROLLING';
}

export function rateLimitBody(): RateLimitBody {
  return {
    status: 'error',
    message: 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: correlationId(),
    policyName: 'TEN_SECONDLY_ROLLING',
  };
}

/** Body used by injected 5xx faults; HubSpot's gateway answers this way for internal failures. */
export function internalErrorBody(statusCode: number): HubSpotError {
  return hubspotError(
    statusCode === 503 ? 'Service Unavailable' : 'internal error',
    statusCode === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR',
  );
}

/**
 * A batch naming one id twice: HubSpot refuses the whole batch (400) before looking at any
 * input, listing the repeated ids in the message and in `context.ids`.
 */
export function duplicateIdsBody(ids: readonly string[]): HubSpotError {
  return hubspotError(`Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`, 'VALIDATION_ERROR', { context: { ids: [...ids] } });
}

/** The ids that occur more than once in a batch's inputs, in first-seen order. */
export function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

/**
 * A call for a portal that lives in another data centre. HubSpot answers the non-standard
 * status 488 with the hublet that holds the portal in `correctHublet` (and, for its own web
 * apps, the `x-hubspot-correct-hublet` header); the envelope has no category.
 */
export const WRONG_HUBLET_STATUS = 488;

export function wrongHubletBody(portalId: number, correctHublet: string): HubSpotError & { correctHublet: string } {
  return { ...hubspotError(`Hub ${portalId} is unknown to this Hublet, but it appears to exist in Hublet ${correctHublet}`, undefined), correctHublet };
}
