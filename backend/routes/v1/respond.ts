import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { fail, type Result } from '../../../lib/errors';
import { sendFailure } from '../../http/errors';
import type { RequestContext } from '../../services/accounts/deps';

/**
 * Validates a body or params with the shared zod schema. Returns the parsed value, or undefined
 * after answering 400 with the failing paths (never the values: they may be passwords).
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply): z.output<S> | undefined {
  const parsed = schema.safeParse(value ?? undefined);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const message = first ? `Invalid request: ${first.path || 'body'} ${first.message}.` : 'Invalid request.';
  void sendFailure(reply, fail('bad_request', message, { issues }));
  return undefined;
}

export function requestContext(req: FastifyRequest): RequestContext {
  return { ip: req.ip, correlationId: req.id };
}

/** Sends a service result: the data with `status`, or the failure (with Retry-After when throttled). */
export function respond<T>(reply: FastifyReply, result: Result<T>, status = 200) {
  if (result.ok) return reply.status(status).send(result.data);
  const retry = (result.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (result.error.code === 'too_many_attempts' && typeof retry === 'number') reply.header('retry-after', String(retry));
  return sendFailure(reply, result);
}
