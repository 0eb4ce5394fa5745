import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ops/process';

/**
 * A throwaway PostgreSQL cluster of the test's own (the shared one from test/setup/postgres.ts
 * must never be stopped under other suites), which the test can stop and start again on the same
 * port and data directory: a database restart as an operator or a failover would cause it.
 */
export interface Cluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** The newest installed PostgreSQL's bin dir (/usr/lib/postgresql/{version}/bin), or null. */
export function pgBinaries(root = '/usr/lib/postgresql'): string | null {
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  const dirs = versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a)).map((v) => join(root, v, 'bin'));
  return dirs.find((d) => existsSync(join(d, 'initdb'))) ?? null;
}

export async function startCluster(): Promise<Cluster> {
  const bin = pgBinaries();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'portside-pgrestart-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const start = () => run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // "fast": every session is terminated at once, as in a restart for maintenance or a crash of the primary.
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start,
    destroy() {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]);
      else spawnSync(join(bin, 'pg_ctl'), args);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
