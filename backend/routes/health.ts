import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HealthResponse, ReadyResponse } from '../../lib/contract/api/health';

export type ReadinessCheck = () => Promise<{ ok: boolean; message?: string }>;

/** `/healthz` says the process is up; `/readyz` runs each dependency check (database, keys). */
export function healthRoutes(app: FastifyInstance, opts: { version: string; checks: Record<string, ReadinessCheck> }) {
  const started = Date.now();
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/healthz', { schema: { response: { 200: HealthResponse } } }, async (): Promise<HealthResponse> => ({
    status: 'ok',
    version: opts.version,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
  }));
  typed.get('/readyz', { schema: { response: { 200: ReadyResponse, 503: ReadyResponse } } }, async (_req, reply): Promise<ReadyResponse> => {
    const entries = await Promise.all(
      Object.entries(opts.checks).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch {
          return [name, { ok: false, message: 'check failed' }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, r]) => r.ok);
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  });
}
