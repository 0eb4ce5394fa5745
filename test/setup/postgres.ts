import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

/**
 * Starts a throwaway PostgreSQL cluster on loopback for the backend suite and provides its URL
 * as `pgUrl`. Outside CI a machine without PostgreSQL runs the SQLite half only; under CI=true
 * a missing PostgreSQL is a failure, never a silent skip.
 */
const PG_ROOT = '/usr/lib/postgresql';

/** Every installed PostgreSQL version's bin dir under /usr/lib/postgresql/{version}/bin, newest first. */
export function postgresBinDirs(root = PG_ROOT): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((v) => join(root, v, 'bin'))
    .filter((d) => existsSync(join(d, 'initdb')));
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.PORTSIDE_TEST_PG_URL) {
    project.provide('pgUrl', process.env.PORTSIDE_TEST_PG_URL);
    return () => {};
  }
  const bin = postgresBinDirs()[0];
  if (!bin) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is required under CI=true but initdb was not found');
    console.warn('[postgres] initdb not found: PostgreSQL suites will not run on this machine');
    project.provide('pgUrl', null);
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'portside-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D', join(dir, 'data'),
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    '-l', join(dir, 'log'), '-w', 'start',
  ]);
  project.provide('pgUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    const full = join(bin, 'pg_ctl');
    const args = ['-D', join(dir, 'data'), '-m', 'immediate', 'stop'];
    if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', full, ...args]);
    else spawnSync(full, args);
    rmSync(dir, { recursive: true, force: true });
  };
}
