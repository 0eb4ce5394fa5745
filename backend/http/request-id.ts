import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * Request ids: every request gets one, it is on every log line of the request (Fastify's
 * `reqId`), in audit rows as the correlation id, and echoed in the `x-request-id` response header
 * so a user's report can be matched to the logs.
 *
 * When the socket peer is a trusted proxy (TRUST_PROXY) its `X-Request-Id` is kept, so proxy and
 * backend logs share the id. It is accepted only in a plain shape (no spaces, quotes or control
 * characters can reach the logs); anything else, or any id from an untrusted peer, is replaced.
 */
const SHAPE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdGenerator(trust: ((addr: string, i: number) => boolean) | false): (req: IncomingMessage) => string {
  return (req) => {
    const peer = req.socket?.remoteAddress;
    const given = trust && peer !== undefined && trust(peer, 0) ? req.headers['x-request-id'] : undefined;
    return typeof given === 'string' && SHAPE.test(given) ? given : randomUUID();
  };
}

export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
}
