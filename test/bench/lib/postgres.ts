import { startCluster } from '../../setup/pg-cluster';

/**
 * A throwaway PostgreSQL cluster on loopback for the scale row (test/setup/pg-cluster.ts), with
 * fsync left on as in production. Returns null when no PostgreSQL binaries are installed.
 */
export async function startPostgres(): Promise<{ url: string; stop(): void } | null> {
  const cluster = await startCluster({ prefix: 'portside-bench-pg-', settings: ['max_connections=200'] });
  return cluster && { url: cluster.url, stop: () => cluster.destroy() };
}
