import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { portalIdOf, type SandboxContext } from './context.js';
import { hubspotError, internalErrorBody, rateLimitBody, sendError, unknownRouteBody } from './errors.js';
import type { FaultRule } from './faults.js';

/**
 * Cross-cutting request handling: form bodies, HubSpot-shaped parse errors and 404s, request
 * counting and logging, and the injected latency and faults. Control routes (`/_sandbox/*`) are
 * neither counted, logged nor faulted, so tests can always reach them.
 */

const CONTROL_PREFIX = '/_sandbox';
const acceptedThenDrop = new WeakSet<FastifyRequest>();
const logged = new WeakSet<FastifyRequest>();
const started = new WeakMap<FastifyRequest, number>();

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function portalFromPath(path: string): number | null {
  const m = /^\/(?:contacts|oauth)\/(\d+)\//.exec(path);
  return m ? Number(m[1]) : null;
}

/** Hijacked requests never reach onResponse, so dropped connections are logged here with status 0. */
function logDropped(ctx: SandboxContext, request: FastifyRequest, path: string): void {
  ctx.state.logRequest({ method: request.method, path, status: 0, portalId: portalIdOf(request) ?? portalFromPath(path), time: new Date().toISOString(), durationMs: 0 });
}

async function applyFault(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, fault: FaultRule): Promise<FastifyReply | undefined> {
  ctx.state.counters.faults++;
  if (fault.kind === 'drop' || fault.kind === 'hang') logDropped(ctx, request, pathOf(request.url));
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 500;
      if (status === 429) {
        ctx.state.counters.rateLimited++;
        if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
        return sendError(reply, 429, rateLimitBody());
      }
      return sendError(reply, status, internalErrorBody(status));
    }
    case 'drop':
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    case 'hang': {
      const socket = request.raw.socket;
      reply.hijack();
      if (fault.ms !== undefined) {
        await sleep(fault.ms);
        socket.destroy();
      } else if (!socket.destroyed) {
        // Held until the client gives up or the sandbox closes (forceCloseConnections).
        await new Promise((resolve) => socket.once('close', resolve));
      }
      return reply;
    }
    case 'accept-then-drop':
      acceptedThenDrop.add(request);
      return undefined;
  }
}

export function installPipeline(app: FastifyInstance, ctx: SandboxContext): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 415) return sendError(reply, 415, hubspotError(`Unsupported Media Type: ${request.headers['content-type'] ?? ''}`, 'VALIDATION_ERROR'));
    if (status >= 400 && status < 500) return sendError(reply, status, hubspotError(`Invalid input JSON: ${error.message}`, 'VALIDATION_ERROR'));
    request.log.error({ err: error }, 'sandbox handler failed');
    return sendError(reply, 500, internalErrorBody(500));
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, 404, unknownRouteBody(request.method, request.url)));

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX)) return;
    ctx.state.counters.requests++;
    started.set(request, performance.now());
    if (!ctx.faults.active) return;
    const delay = ctx.faults.latencyFor(request.method, path);
    if (delay > 0) await sleep(delay);
    const fault = ctx.faults.faultFor(request.method, path);
    if (fault) return applyFault(ctx, request, reply, fault);
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    // "Accepted then dropped": the handler already performed the write; the answer never arrives.
    // Logged here (status 0): with the socket gone, onResponse may never run, and the request
    // log must hold every request the client sent.
    if (acceptedThenDrop.has(request)) {
      logDropped(ctx, request, pathOf(request.url));
      logged.add(request);
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX) || logged.has(request)) return;
    const t0 = started.get(request);
    ctx.state.logRequest({
      method: request.method,
      path,
      status: acceptedThenDrop.has(request) ? 0 : reply.statusCode,
      portalId: portalIdOf(request) ?? portalFromPath(path),
      time: new Date().toISOString(),
      durationMs: t0 === undefined ? 0 : Math.round((performance.now() - t0) * 100) / 100,
    });
  });
}
