import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';

/**
 * Connection-level limits, for a backend that sits behind a proxy. Without them Node waits for a
 * request body forever (a client dripping a byte every few seconds holds a socket and a parser
 * indefinitely) and accepts any number of sockets, so a few hundred slow clients would exhaust
 * file descriptors.
 *  - headers must arrive within HEADERS_TIMEOUT_MS and the whole request within
 *    REQUEST_TIMEOUT_MS of its first byte; the client then gets 408 and the socket is closed.
 *    The timer is not a processing timeout: a handler may take longer.
 *  - idle kept-alive sockets close after KEEP_ALIVE_TIMEOUT_MS, which is longer than a proxy's
 *    upstream keep-alive (nginx: 60 s), so the proxy closes first and never reuses a socket the
 *    backend has just closed.
 *  - at most MAX_CONNECTIONS sockets at once; Node drops further ones on accept.
 */
// Node checks the two timers on this interval (default 30 s, which would let a drip run up to
// twice the timeout); one pass over the open sockets per second is cheap.
const CHECK_INTERVAL_MS = 1_000;

interface LimitOptions {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
  clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => void;
}

export function serverLimitOptions(c: Config): LimitOptions {
  return {
    requestTimeout: c.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: c.KEEP_ALIVE_TIMEOUT_MS,
    http: { headersTimeout: c.HEADERS_TIMEOUT_MS, requestTimeout: c.REQUEST_TIMEOUT_MS, connectionsCheckingInterval: CHECK_INTERVAL_MS },
    clientErrorHandler: answerClientError,
  };
}

// Users behind a full server see connection resets, so the operator must learn the cap is being
// hit; but a flood must not flood the log: one line per minute at most, with the count since.
const DROP_LOG_INTERVAL_MS = 60_000;

export function capConnections(app: FastifyInstance, c: Config): void {
  app.server.maxConnections = c.MAX_CONNECTIONS;
  let dropped = 0;
  let lastLog = -Infinity;
  app.server.on('drop', () => {
    dropped++;
    if (Date.now() - lastLog < DROP_LOG_INTERVAL_MS) return;
    app.log.warn({ dropped, maxConnections: c.MAX_CONNECTIONS }, 'http.connections_dropped');
    dropped = 0;
    lastLog = Date.now();
  });
}

const ANSWERS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time.'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large.'],
};

/** Requests Node rejects before Fastify sees them still get the API's one error shape. */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] = ANSWERS[err.code ?? ''] ?? [400, 'Bad Request', 'The request is malformed.'];
  const body = JSON.stringify({ error: { code: 'bad_request', message } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
