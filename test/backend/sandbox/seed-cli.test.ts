import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSandbox } from '../../../backend/sandbox/app.js';
import { LARGE_SEED_CONTACTS, LARGE_SEED_FIRST_ID, SEED } from '../../../backend/sandbox/seed.js';

/** Seed invariants, the large seed, and the CLI's environment validation and shutdown. */

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('seed', () => {
  it('has unique user, owner and contact ids and emails across portals', () => {
    const users = Object.values(SEED.portals).flatMap((p) => Object.values(p.users));
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.ownerId)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    const contacts = Object.values(SEED.portals).flatMap((p) => Object.values(p.contacts));
    expect(new Set(contacts.map((c) => c.id)).size).toBe(contacts.length);
  });

  it('gives the free tier fewer scopes than the paid tier', () => {
    expect(SEED.portals.acme.scopes).toEqual(expect.arrayContaining(['settings.users.read', 'settings.users.teams.read', 'crm.objects.owners.read']));
    expect(SEED.portals.free.scopes).not.toContain('settings.users.teams.read');
    expect(SEED.portals.acme.teams.salesEast.parentTeamId).toBe(SEED.portals.acme.teams.sales.id);
  });

  it('loads 100,000 extra contacts with the large seed', async () => {
    const sandbox = await buildSandbox({ seed: 'large' });
    const acme = sandbox.state.portal(SEED.portals.acme.portalId)!;
    expect(acme.contacts.size).toBeGreaterThanOrEqual(LARGE_SEED_CONTACTS);
    expect(acme.contacts.get(String(LARGE_SEED_FIRST_ID + LARGE_SEED_CONTACTS - 1))?.properties.email).toBe(`bench${LARGE_SEED_CONTACTS - 1}@load.example`);
    await sandbox.app.close();
  });
});

function runCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/sandbox/main.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr, child }));
    child.stdout.on('data', () => {
      if (stdout.includes('listening on')) child.kill('SIGTERM');
    });
  });
}

describe('CLI', () => {
  it('names every bad variable and exits 1', async () => {
    const r = await runCli({ SANDBOX_PORT: 'abc', SANDBOX_SEED: 'huge', SANDBOX_TOKEN_TTL_SECONDS: '-1', SANDBOX_HTTPS_PORT: '8443' });
    expect(r.code).toBe(1);
    for (const name of ['SANDBOX_PORT', 'SANDBOX_SEED', 'SANDBOX_TOKEN_TTL_SECONDS', 'SANDBOX_TLS_KEY', 'SANDBOX_TLS_CERT']) expect(r.stderr).toContain(name);
  });

  it('starts, prints its URL and exits 0 on SIGTERM', async () => {
    const r = await runCli({ SANDBOX_PORT: '0' });
    expect(r.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.code).toBe(0);
  });
});
