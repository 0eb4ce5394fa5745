import type { TestProject } from 'vitest/node';
import { startCluster } from './pg-cluster';

/**
 * Starts a throwaway PostgreSQL cluster on loopback for the backend suite and provides its URL
 * as `pgUrl`. Outside CI a machine without PostgreSQL runs the SQLite half only; under CI=true
 * a missing PostgreSQL is a failure, never a silent skip.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.PORTSIDE_TEST_PG_URL) {
    project.provide('pgUrl', process.env.PORTSIDE_TEST_PG_URL);
    return () => {};
  }
  const cluster = await startCluster({ prefix: 'portside-pg-', settings: ['fsync=off', 'max_connections=300'] });
  if (!cluster) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is required under CI=true but initdb was not found');
    console.warn('[postgres] initdb not found: PostgreSQL suites will not run on this machine');
    project.provide('pgUrl', null);
    return () => {};
  }
  project.provide('pgUrl', cluster.url);
  return () => cluster.destroy();
}
