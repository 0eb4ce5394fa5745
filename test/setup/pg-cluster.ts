import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/port';

/**
 * A throwaway PostgreSQL cluster on loopback: initdb + pg_ctl in a temp dir, trust auth, run as
 * the postgres user when root. The test suite's shared cluster (test/setup/postgres.ts), the
 * database-restart fault test (its own cluster, stopped and started again on the same port and
 * data directory) and the scale benchmark all start theirs here.
 */
export interface Cluster {
  url: string;
  /** "fast": every session is terminated at once, as in a restart for maintenance or a crash of the primary. */
  stop(): void;
  start(): void;
  /** Stops at once and deletes the data directory. */
  destroy(): void;
}

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


/**
 * Starts a cluster with the newest installed PostgreSQL, or returns null when none is installed.
 * `settings` are server options (`-c name=value`), e.g. `fsync=off` for tests.
 */
export async function startCluster(opts: { prefix: string; settings?: string[] }): Promise<Cluster | null> {
  const bin = postgresBinDirs()[0];
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), opts.prefix));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const command = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]);
  const run = (cmd: string, args: string[]) => execFileSync(...command(cmd, args), { stdio: 'pipe' });
  const data = join(dir, 'data');
  const settings = ['listen_addresses=127.0.0.1', ...(opts.settings ?? [])].map((s) => `-c ${s}`).join(' ');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const start = () => void run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} ${settings}`, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start,
    destroy() {
      // Best effort (the server may already be down), then the files go whatever happened.
      spawnSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
