import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startBackend, type BackendProcess } from './process';

/**
 * The production build (`npm run build:backend`) runs with production dependencies only: the
 * bundle is copied to an empty directory whose node_modules holds just the packages
 * `npm ls --omit=dev` lists (linked, and resolved through the links), then started with node.
 */
const dir = mkdtempSync(join(tmpdir(), 'portside-bundle-'));
let server: BackendProcess | undefined;

afterAll(async () => {
  server?.child.kill('SIGTERM');
  if (server) await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

function prodPackages(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    const rel = line.startsWith(ROOT) ? line.slice(ROOT.length).replace(/^\/+/, '') : '';
    const parts = rel.split('/');
    if (parts[0] !== 'node_modules' || !parts[1]) continue;
    names.add(parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]);
  }
  return [...names];
}

describe('production bundle', () => {
  it('builds, starts with production dependencies only, and its CLI runs', async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-backend.ts'], { cwd: ROOT, stdio: 'ignore' });
    cpSync(join(ROOT, 'dist/backend'), join(dir, 'dist/backend'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const packages = prodPackages();
    expect(packages).not.toContain('tsx');
    expect(packages).not.toContain('vitest');
    for (const p of packages) {
      mkdirSync(dirname(join(dir, 'node_modules', p)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', p), join(dir, 'node_modules', p));
    }
    const env = { NODE_OPTIONS: '--preserve-symlinks', DATA_DIR: join(dir, 'data'), PORT: '0', SANDBOX_PORT: '0', SANDBOX_HTTPS_PORT: '0', PASSWORD_SCRYPT_LN: '10' };
    server = await startBackend('bundle', env, 30_000, { cwd: dir, args: ['dist/backend/main.js'] });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('portside_http_requests_total');
    const cli = spawnSync(process.execPath, ['dist/backend/cli.js', 'workspace', 'list', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
  }, 90_000);
});
