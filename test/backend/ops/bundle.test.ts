import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
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
    const base = { NODE_OPTIONS: '--preserve-symlinks', DATA_DIR: join(dir, 'data'), PORT: '0', PASSWORD_SCRYPT_LN: '10' };
    // The bundle has no embedded sandbox: without app credentials it refuses to start, naming them.
    const bare = spawnSync(process.execPath, ['dist/backend/main.js'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...base }, encoding: 'utf8', timeout: 30_000 });
    expect(bare.status, bare.stderr).toBe(78);
    expect(bare.stderr).toContain('HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are not set');
    // Made-up credentials: starting up never calls HubSpot, so none is reached.
    const env = { ...base, HUBSPOT_CLIENT_ID: 'bundle-test-client', HUBSPOT_CLIENT_SECRET: 'bundle-test-secret', HUBSPOT_REDIRECT_URI: 'http://127.0.0.1/install/callback' };
    server = await startBackend('bundle', env, 30_000, { cwd: dir, args: ['dist/backend/main.js'] });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('portside_http_requests_total');
    const cli = spawnSync(process.execPath, ['dist/backend/cli.js', 'workspace', 'list', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
  }, 90_000);

  it('holds no sandbox code: neither its modules nor its development client secret (issue 19 item 8)', () => {
    // Runs after the build above. The source maps list every source file bundled into each entry.
    const out = join(ROOT, 'dist/backend');
    for (const entry of ['main', 'cli']) {
      const map = JSON.parse(readFileSync(join(out, `${entry}.js.map`), 'utf8')) as { sources: string[] };
      expect(map.sources.some((s) => s.includes('backend/server.ts') || s.includes('backend/cli/run.ts'))).toBe(true);
      expect(map.sources.filter((s) => /backend\/(sandbox|dev)\//.test(s)), entry).toEqual([]);
      const code = readFileSync(join(out, `${entry}.js`), 'utf8');
      for (const marker of [SANDBOX_APP.clientSecret, SANDBOX_APP.clientId, 'startSandbox', 'sandbox.embedded']) {
        expect(code.includes(marker), `${entry}.js contains ${marker}`).toBe(false);
      }
    }
  });
});
