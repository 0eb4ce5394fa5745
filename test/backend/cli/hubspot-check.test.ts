import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHECK_NOTE_BODY } from '../../../backend/cli/hubspot-check/probe-write';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../../backend/hubspot/scopes';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { describeEngines } from '../helpers/engines';
import { CLI_ENV, cli, Keyring, makeWorkspace, newKey } from './harness';
import { installTokenAad } from '../../../backend/vault/aad';

/**
 * `hubspot check` against the sandbox, configured as a real HubSpot app would be (client id,
 * secret and API base pointing at the sandbox), with an install whose tokens the sandbox really
 * issued. Runs in-process and once as the operator runs it (a child process through tsx).
 */

const acme = SEED.portals.acme;
const key = newKey('k1');
let sandbox: StartedSandbox;

const appEnv = () => ({
  ENCRYPTION_KEYS: key.spec,
  HUBSPOT_CLIENT_ID: SANDBOX_APP.clientId,
  HUBSPOT_CLIENT_SECRET: SANDBOX_APP.clientSecret,
  HUBSPOT_APP_ID: String(SANDBOX_APP.appId),
  HUBSPOT_REDIRECT_URI: 'http://localhost:8787/install/callback',
  HUBSPOT_API_BASE: sandbox.url,
  HUBSPOT_AUTHORIZE_BASE: sandbox.url,
});

/** An install row holding tokens the sandbox issued for `portalId`, sealed as the install service seals them. */
async function installPortal(db: Parameters<typeof cli>[0], workspaceId: string, portalId: number, userId: number, scopes = [...REQUIRED_SCOPES, ...OPTIONAL_SCOPES]) {
  // By default what the authorize URL asks for (the defaults of HUBSPOT_SCOPES and HUBSPOT_OPTIONAL_SCOPES).
  const t = sandbox.sandbox.control.install(portalId, userId, scopes);
  const id = `inst-${workspaceId}`;
  const ring = new Keyring([key], 'k1');
  const r = ring.seal(t.refresh_token, installTokenAad(id, 'refresh'));
  const a = ring.seal(t.access_token, installTokenAad(id, 'access'));
  const now = Date.now();
  await db.handle.db
    .insertInto('installs')
    .values({
      id, workspace_id: workspaceId, portal_id: String(portalId), hub_domain: null, installer_user_id: String(userId), installer_email: 'installer@example.com',
      installed_by_member_id: null, granted_scopes: scopes.join(' '), missing_optional_scopes: '',
      refresh_token_sealed: r.sealed, refresh_key_id: r.keyId, access_token_sealed: a.sealed, access_key_id: a.keyId,
      access_expires_at: now + t.expires_in * 1000, status: 'connected', installed_at: now, last_refresh_at: null, last_success_at: null,
      last_error_at: null, last_error_code: null, last_error_message: null, last_error_correlation_id: null, updated_at: now,
    })
    .execute();
  return t;
}

/** Nothing secret or personal: no token, no client secret, no seeded email or name. */
function expectClean(text: string, tokens: string[]) {
  for (const secret of [...tokens, SANDBOX_APP.clientSecret, key.spec.split(':')[1]!]) expect(text).not.toContain(secret);
  for (const u of [...Object.values(acme.users), ...Object.values(SEED.portals.free.users)]) {
    expect(text).not.toContain(u.email);
    expect(text).not.toContain(`${u.firstName} ${u.lastName}`);
  }
  expect(text).not.toContain('installer@example.com');
}

const statuses = (out: string) => Object.fromEntries(out.split('\n').flatMap((l) => { const m = /^(\S+(?: \S+)*?)\s{2,}(ok|warn|fail|skip)\s/.exec(l); return m ? [[m[1], m[2]]] : []; }));

describeEngines('CLI: hubspot check', (ctx) => {
  let workspaceId: string;
  let tokens: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimit: { max: 100_000, intervalMs: 10_000 } });
    workspaceId = (await makeWorkspace(ctx.db, 'admin@example.com')).workspaceId;
    const t = await installPortal(ctx.db, workspaceId, acme.portalId, acme.users.superAdmin.userId);
    tokens = [t.access_token, t.refresh_token];
  });
  afterAll(() => sandbox.close());

  it('prints every probe as a row, all passing against the sandbox, and nothing secret', async () => {
    const r = await cli(ctx.db, ['hubspot', 'check'], { env: appEnv() });
    expect(r.err).toBe('');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`hubspot check: portal ${acme.portalId}, workspace ${workspaceId}`);
    expect(statuses(r.out)).toEqual({
      install: 'ok', 'token introspection': 'ok', scopes: 'ok', 'account info': 'ok', 'contact read': 'ok',
      'permitted users': 'ok', 'associations v4': 'ok', owners: 'ok', users: 'ok', 'rate-limit headers': 'warn',
    });
    expect(r.out).toMatch(new RegExp(`active, access_token, hub ${acme.portalId}, app ${SANDBOX_APP.appId}`));
    expect(r.out).toMatch(/keys crm-object:EDIT=\d+ crm-object:VIEW=\d+/);
    // The test sandbox allows 100000 per 10 s: the row says so and that it differs from the budget.
    expect(r.out).toContain('x-hubspot-ratelimit-{max,remaining,interval-milliseconds,secondly,secondly-remaining}; max 100000 per 10000 ms');
    expect(r.out).toMatch(/Result: 9 ok, 1 warn, 0 fail, 0 skip\./);
    expectClean(r.out + r.err, tokens);
    // Read-only: nothing was created in the portal.
    expect(sandbox.sandbox.control.notes(acme.portalId)).toHaveLength(0);
  });

  it('--json gives the same rows as one object', async () => {
    const r = await cli(ctx.db, ['hubspot', 'check', '--json', '--workspace', workspaceId], { env: appEnv() });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { portalId: string; mode: string; rows: { check: string; status: string; detail: string; meaning: string }[] };
    expect(report).toMatchObject({ portalId: String(acme.portalId), workspaceId, mode: 'hubspot', apiBase: sandbox.url });
    expect(report.rows.map((x) => x.check)).toContain('associations v4');
    expect(report.rows.every((x) => x.meaning.length > 0)).toBe(true);
    expectClean(r.out, tokens);
  });

  it('--write-test creates one note on a contact and deletes it', async () => {
    const r = await cli(ctx.db, ['hubspot', 'check', '--write-test'], { env: appEnv() });
    expect(r.code, r.out).toBe(0);
    expect(statuses(r.out)).toMatchObject({ 'write: note create': 'ok', 'write: note delete': 'ok' });
    const notes = sandbox.sandbox.control.notes(acme.portalId).filter((n) => n.properties.hs_note_body === CHECK_NOTE_BODY);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.archived).toBe(true);
    expect(r.out).toContain(`note ${notes[0]!.id} on contact ${notes[0]!.contactIds[0]}`);
    expectClean(r.out, tokens);
  });

  it('without app credentials checks the dev server’s embedded sandbox on SANDBOX_PORT', async () => {
    const env = { ENCRYPTION_KEYS: key.spec, SANDBOX_PORT: new URL(sandbox.url).port };
    const r = await cli(ctx.db, ['hubspot', 'check', '--json'], { env, sandboxApp: SANDBOX_APP });
    expect(r.code, r.out + r.err).toBe(0);
    const report = JSON.parse(r.out) as { mode: string; apiBase: string; rows: { status: string }[] };
    expect(report.mode).toBe('sandbox');
    expect(report.apiBase).toBe(`http://127.0.0.1:${env.SANDBOX_PORT}`);
    expect(report.rows.filter((x) => x.status === 'fail')).toEqual([]);
  });

  it('the production CLI (no sandbox app handed in) refuses without app credentials', async () => {
    const env = { ENCRYPTION_KEYS: key.spec, SANDBOX_PORT: new URL(sandbox.url).port };
    const r = await cli(ctx.db, ['hubspot', 'check', '--json'], { env });
    expect(r.code).toBe(78);
    expect(r.err).toContain('HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are not set');
  });

  it('runs as the operator runs it: a child process through tsx', async () => {
    const env = { ...process.env, ...CLI_ENV, ...ctx.db.env, ...appEnv() };
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'backend/cli/main.ts', 'hubspot', 'check'], { env, timeout: 60_000 });
    expect(stdout).toMatch(/Result: 9 ok, 1 warn, 0 fail, 0 skip\./);
    expectClean(stdout + stderr, tokens);
  }, 90_000);

  let other: string;
  let otherTokens: { access_token: string; refresh_token: string };

  it('warns, and says what is off, for optional scopes not granted and a record permission API refused', async () => {
    other = (await makeWorkspace(ctx.db, 'other@example.com', 'Other')).workspaceId;
    const free = SEED.portals.free;
    otherTokens = await installPortal(ctx.db, other, free.portalId, free.users.superAdmin.userId, [...REQUIRED_SCOPES]);
    // Two installs now: the command asks which one.
    const ask = await cli(ctx.db, ['hubspot', 'check'], { env: appEnv() });
    expect(ask.code).toBe(1);
    expect(ask.err).toContain('--workspace');
    const fault = sandbox.sandbox.control.addFault({ method: 'GET', path: '/resource-permissions/**', kind: 'status', status: 403 });
    const r = await cli(ctx.db, ['hubspot', 'check', '--workspace', other], { env: appEnv() });
    sandbox.sandbox.control.removeRule(fault.id);
    expect(r.code, r.out).toBe(0);
    expect(statuses(r.out)).toMatchObject({ 'token introspection': 'ok', scopes: 'warn', 'permitted users': 'warn', users: 'warn', owners: 'ok' });
    expect(r.out).toMatch(/missing optional: [^\n]*settings\.users\.read/);
    expect(r.out).toContain('Deal panel is off');
    expect(r.out).toContain('Record permission API not available to this app');
    expectClean(r.out + r.err, [otherTokens.access_token, otherTokens.refresh_token]);
  });

  it('fails, and skips what needs a token, once HubSpot stops accepting the install', async () => {
    sandbox.sandbox.control.revokeToken(otherTokens.refresh_token);
    const r = await cli(ctx.db, ['hubspot', 'check', '--workspace', other], { env: appEnv() });
    expect(r.code).toBe(1);
    expect(statuses(r.out)).toMatchObject({ 'token introspection': 'fail', 'account info': 'skip', owners: 'skip' });
    expectClean(r.out + r.err, [otherTokens.access_token, otherTokens.refresh_token]);
  });
});
