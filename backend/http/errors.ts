import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorCode } from '../../lib/contract/errors';
import type { Failure } from '../../lib/contract/errors';
import { isDatabaseUnavailable } from '../db/errors';
import { inputIssuesOf, installRouteSchemas, invalidRequestMessage, type InputIssue } from './route-schemas';

/** Sends the API's one error shape. */
export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: unknown) {
  return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  invalid_message: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_linked: 403,
  not_found: 404,
  portal_not_connected: 404,
  conflict: 409,
  invite_invalid: 410,
  code_invalid: 400,
  last_admin: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  rate_limited: 429,
  needs_reconnect: 503,
  hubspot_error: 502,
  not_configured: 503,
  service_unavailable: 503,
  internal: 500,
  // Translated HubSpot answers (backend/hubspot/translate.ts).
  missing_scopes: 403,
  user_permission: 403,
  tier: 403,
  validation_error: 422,
  hubspot_unavailable: 503,
  // The install lacks the object's scope: its state, not the member's permission (403 stays `forbidden`).
  object_not_available: 409,
};

/** Refuses input that breaks the route's schema: 400 bad_request naming the failing paths, never the values (they may be passwords). */
export function sendInvalidInput(reply: FastifyReply, issues: InputIssue[]) {
  return sendError(reply, 400, 'bad_request', invalidRequestMessage(issues), { issues });
}

/** Maps a service's failure value to its HTTP status. */
export function sendFailure(reply: FastifyReply, failure: Failure) {
  const status = STATUS_BY_CODE[failure.error.code] ?? 400;
  // A failure that knows when to come back says it the standard way too (throttles, busy, HubSpot).
  const retryAfter = (failure.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0) void reply.header('retry-after', String(Math.ceil(retryAfter)));
  return sendError(reply, status, failure.error.code, failure.error.message, failure.error.details);
}

/**
 * Turns every framework and unexpected error into the standard shape. Input refused by a route's
 * zod schema is a 400 bad_request naming the failing paths (never the values: they may be
 * passwords). 4xx from Fastify itself (bad JSON, too large, wrong content type) keep their
 * status; anything else — an answer that breaks its response schema included — is a 500 whose
 * body says nothing about the internals, and whose details go only to the log, except the
 * database being unreachable for now, which is a 503 service_unavailable with Retry-After.
 * Installs the routes' schema compilers too (http/route-schemas.ts): their refusals are answered here.
 */
export function installErrorHandling(app: FastifyInstance) {
  installRouteSchemas(app);
  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const issues = inputIssuesOf(err);
    if (issues) return sendInvalidInput(reply, issues);
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return sendError(reply, 413, 'payload_too_large', 'The request body is too large.');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return sendError(reply, 415, 'unsupported_media_type', 'Send JSON with content-type application/json.');
    }
    if (status >= 400 && status < 500) {
      return sendError(reply, status, status === 429 ? 'rate_limited' : 'bad_request', 'The request was malformed.');
    }
    if (isDatabaseUnavailable(err)) {
      // A database restart or failover is an outage, not a bug: say so, and when to come back.
      req.log.warn({ err: { type: err.name, code: (err as { code?: unknown }).code ?? null } }, 'request.database_unavailable');
      void reply.header('retry-after', '5');
      return sendError(reply, 503, 'service_unavailable', "Portside's server cannot reach its database right now. Try again in a moment.");
    }
    req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'request.failed');
    return sendError(reply, 500, 'internal', 'Something went wrong on the server. Try again; if it keeps happening, tell your admin.');
  });
}
