import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../backend/config';
import { createLogger, privateLogFile } from '../../../backend/logger';
import { SEED } from '../../../backend/sandbox/seed';
import { startServer, type RunningServer } from '../../../backend/server';
import { embeddedSandbox } from '../../../backend/dev/embedded-sandbox';
import { TEST_ENV } from '../helpers/accounts-app';
import { signUpOverHttp } from '../../helpers/sign-up';

/**
 * Issue 14 item 12: what the backend leaves in DATA_DIR (SQLite database, WAL and shared memory,
 * the development encryption key, the embedded sandbox's state and TLS key, the `npm start` log)
 * is readable by this user only: folders 0700, files 0600, whatever the umask. The umask is set
 * to the common 022 here so the test means the same on every machine.
 */

function modes(root: string): Record<string, string> {
  const out: Record<string, string> = { '.': (lstatSync(root).mode & 0o777).toString(8) };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path);
      out[relative(root, path)] = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

function expectPrivate(root: string): Record<string, string> {
  const found = modes(root);
  const wrong = Object.entries(found).filter(([path, m]) => {
    const isDir = lstatSync(join(root, path)).isDirectory();
    return m !== (isDir ? '700' : '600');
  });
  expect(wrong, JSON.stringify(found)).toEqual([]);
  return found;
}

async function boot(dataDir: string, logs: string[]): Promise<RunningServer> {
  const config = parseConfig({ ...TEST_ENV, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: 'http://localhost:8787' });
  const sink = new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) });
  return startServer(config, createLogger('info', sink), { embeddedHubSpot: embeddedSandbox, sandbox: { port: 0, httpsPort: 0 } });
}

describe('round 2 · DATA_DIR is private to the backend user (issue 14.12)', () => {
  let previousUmask = 0;
  const scratch: string[] = [];
  let server: RunningServer | null = null;

  beforeAll(() => {
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh DATA_DIR: after start-up and writes (sign-up, a sandbox install, the log) the folders are 0700 and every file 0600', async () => {
    const base = mkdtempSync(join(tmpdir(), 'portside-files-'));
    scratch.push(base);
    const dataDir = join(base, 'data');
    server = await boot(dataDir, []);
    // The `npm start` log goes through the backend's own helper, so operators get the same mode.
    const log = privateLogFile(join(dataDir, 'backend.log'));
    createLogger('info', log.destination).info('round2-files');

    // Two steps; the development mail transport leaves the code under DATA_DIR/mail/ (private too).
    await signUpOverHttp(server.url, dataDir, { workspaceName: 'Files Inc', email: 'files@example.com', password: 'a long enough password 1', displayName: 'Files' });
    const install = await fetch(`${server.sandbox!.url}/_sandbox/install`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portalId: SEED.portals.acme.portalId, userId: SEED.portals.acme.users.superAdmin.userId }),
    });
    expect(install.status, await install.text()).toBe(200);

    const running = expectPrivate(dataDir);
    expect(Object.keys(running)).toEqual(
      expect.arrayContaining(['portside.sqlite', 'portside.sqlite-wal', 'portside.sqlite-shm', 'dev-encryption-key', 'backend.log', 'sandbox-tls', 'sandbox-tls/key.pem', 'mail']),
    );
    await server.close();
    server = null;
    // Closing writes the embedded sandbox's state file (install tokens): 0600 like the rest.
    expect(Object.keys(expectPrivate(dataDir))).toContain('sandbox-state.json');
  });

  it('a DATA_DIR and database an older run left readable by others are tightened, with a warning naming them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portside-files-'));
    scratch.push(dataDir);
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'sandbox-tls'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'portside.sqlite'), '', { mode: 0o644 });
    const logs: string[] = [];
    server = await boot(dataDir, logs);
    expectPrivate(dataDir);
    const warned = logs.filter((l) => l.includes('data_dir.permissions')).join('\n');
    expect(warned).toContain(`${dataDir} was mode 0755`);
    expect(warned).toContain(`${join(dataDir, 'portside.sqlite')} was mode 0644`);
    expect(warned).toContain(`${join(dataDir, 'sandbox-tls')} was mode 0755`);
  });
});
