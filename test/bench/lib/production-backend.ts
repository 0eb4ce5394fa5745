import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../backend/config';
import { createDatabase } from '../../../backend/db/database';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { installDepsFrom } from '../../../backend/services/install/deps';
import { saveInstall } from '../../../backend/services/install/save-install';
import { loadKeyring } from '../../../backend/vault/load';
import { signUpOverHttp } from '../../helpers/sign-up';
import { freePort } from '../../support/port';

/**
 * The backend exactly as production runs it: `node dist/backend/main.js` (built here with
 * `npm run build:backend`'s script), the production settings (NODE_ENV=development only because production refuses a non-HubSpot API base), info logs on its stdout (sent to
 * /dev/null, as a log shipper would take them), the real install service and the writes path.
 * HubSpot is the bench's sandbox process, configured as real app credentials would be. Every
 * call starts from nothing: its own data folder (or PostgreSQL database) and a fresh install.
 */
export interface ProductionBackend {
  url: string;
  pid: number;
  /** The rep's bearer token (owned-only member linked to HubSpot user 5006). */
  repToken: string;
  stop(): Promise<void>;
}

export function buildBackendBundle(root: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-backend.ts'], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error('npm run build:backend failed');
}

async function ready(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('backend not ready after 30 s');
}

export async function startProductionBackend(o: { root: string; sandboxUrl: string; databaseUrl?: string; workers?: number }): Promise<ProductionBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-bench-'));
  const port = await freePort();
  const env: Record<string, string> = {
    // The production bundle and every production setting below, but NODE_ENV=development: in
    // production the backend refuses an API base that is not a HubSpot host, and this row's
    // HubSpot is the sandbox on loopback. Nothing else on the measured path reads NODE_ENV.
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    WORKERS: String(o.workers ?? 1),
    LOG_LEVEL: 'info',
    PUBLIC_URL: 'https://portside.bench.invalid',
    WORKSPACE_SIGNUP: 'open',
    METRICS_TOKEN: randomBytes(16).toString('hex'),
    MAIL_TRANSPORT: 'console',
    ENCRYPTION_KEYS: `kbench:${randomBytes(32).toString('base64')}`,
    HUBSPOT_CLIENT_ID: SANDBOX_APP.clientId,
    HUBSPOT_CLIENT_SECRET: SANDBOX_APP.clientSecret,
    HUBSPOT_APP_ID: String(SANDBOX_APP.appId),
    HUBSPOT_REDIRECT_URI: 'https://portside.bench.invalid/install/callback',
    HUBSPOT_API_BASE: o.sandboxUrl,
    HUBSPOT_AUTHORIZE_BASE: o.sandboxUrl,
    // The load is one member: each member's fair share of the portal's reads (20 per 10 s)
    // would answer it "slow down" at once, so the row widens it and measures the check itself.
    MEMBER_CHECKS_PER_10S: '100000',
    MEMBER_CHECKS_IN_FLIGHT: '1000',
  };
  const child = spawn(process.execPath, ['dist/backend/main.js'], { cwd: o.root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ready(url, child);
    const repToken = await seed(url, dataDir, env, o.sandboxUrl);
    return { url, pid: child.pid!, repToken, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/**
 * Workspace, admin and rep over HTTP; the install is saved as the OAuth callback saves it (the
 * sandbox's own install grant, sealed with the backend's key in its database), so the backend's
 * install service reads, opens and refreshes it as any other.
 */
async function seed(base: string, dataDir: string, env: Record<string, string>, sandboxUrl: string): Promise<string> {
  const pw = 'bench-password-1';
  const admin = await signUpOverHttp(base, dataDir, { workspaceName: 'Bench', email: 'alice.admin@acme.example', password: pw });
  const adminToken = admin.token as string;
  const workspaceId = (admin.workspace as { id: string }).id;
  const adminId = (admin.member as { id: string }).id;
  const grant = await call(sandboxUrl, 'POST', '/_sandbox/install', { portalId: 1001, userId: 5001 });
  const config = parseConfig(env);
  const database = createDatabase(config);
  try {
    const deps = installDepsFrom({ db: database.db, dialect: database.dialect, app: { mode: 'hubspot', clientId: '', clientSecret: '', appId: null, redirectUri: '', apiBase: sandboxUrl, authorizeBase: sandboxUrl, scopes: [], optionalScopes: [], timeoutMs: 15_000 }, keyring: loadKeyring(config), publicUrl: config.publicUrl, logger: { info() {}, warn() {}, error() {} } });
    const saved = await saveInstall(deps, {
      workspaceId,
      memberId: adminId,
      facts: {
        portalId: String(grant.hub_id),
        hubDomain: null,
        installerUserId: String(grant.user_id),
        installerEmail: null,
        grantedScopes: grant.scopes,
        missingOptionalScopes: [],
        tokens: { accessToken: grant.access_token, refreshToken: grant.refresh_token, accessExpiresAt: Date.now() + grant.expires_in * 1000 },
      },
    });
    if (!saved.ok) throw new Error(`install not saved: ${saved.reason}`);
  } finally {
    await database.close();
  }
  const inv = await call(base, 'POST', '/api/v1/members', { email: 'oscar.owned@acme.example', role: 'member' }, adminToken);
  const rep = await call(base, 'POST', '/api/v1/invites/accept', { code: inv.invite.code, password: pw });
  await call(base, 'PUT', `/api/v1/identity/members/${rep.member.id}/link`, { hubspotUserId: '5006' }, adminToken);
  return rep.token as string;
}
