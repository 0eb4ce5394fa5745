import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../../lib/contract/errors';
import { sendFailure } from '../../http/errors';
import type { RequestContext } from '../../services/accounts/deps';

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
