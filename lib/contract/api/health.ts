import { z } from 'zod';

/** `GET /healthz`: the process is up. */
export const HealthResponse = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `GET /readyz`: dependencies (database, key material) are usable. */
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), message: z.string().optional() })),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
