import type { FastifyInstance } from 'fastify';
import { httpDuration, httpRequests } from './registry';

/**
 * Counts and times every HTTP request by route *template* (`/api/v1/members/:id`), never the raw
 * URL: ids, invite codes and OAuth parameters stay out of the labels, and the label set stays
 * small. Requests that matched no route share one `unmatched` label so scanners cannot grow it.
 */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function installHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: METHODS.has(request.method) ? request.method : 'OTHER', route, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}
