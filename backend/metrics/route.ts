import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { registry } from './registry';

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN set, the scraper must send
 * `Authorization: Bearer <token>`; without it the route is open, so keep it off the public
 * proxy (docs/operations.md shows both). The comparison is over digests, in constant time.
 */
export interface MetricsRouteOptions {
  token?: string | undefined;
  /**
   * Fills the gauges of shared state before a scrape (the outbox and rate budget: the composition
   * root hands in services/writes/outbox-gauges.ts), so metrics/ depends on no service.
   */
  refreshGauges?: () => Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function metricsRoute(app: FastifyInstance, o: MetricsRouteOptions): void {
  const expected = o.token ? digest(o.token) : null;
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const header = request.headers.authorization ?? '';
      const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
      if (!timingSafeEqual(digest(given), expected)) {
        reply.status(401).header('www-authenticate', 'Bearer realm="metrics"');
        return { error: { code: 'unauthenticated', message: 'Metrics need the METRICS_TOKEN bearer token.' } };
      }
    }
    if (o.refreshGauges) await o.refreshGauges();
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
