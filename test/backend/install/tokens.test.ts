import { afterEach, beforeEach, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { createInstallService } from '../../../backend/services/install/create';
import { reencryptAll } from '../../../backend/vault/reencrypt';
import { changeWatchFor } from '../../../backend/db/change-watch';
import { call } from '../helpers/accounts-app';
import { createTestDatabase, describeEngines, type TestDatabase } from '../helpers/engines';
import { readContact as readContactAt } from '../../../backend/hubspot/contact-read';
import { auditActions, expectNoSecrets, gatewayFor, installAs, installRow, KEY_1, KEY_2, keyring, migrateInstall, startHarness, workspace, type Harness } from './harness';

const acme = SEED.portals.acme;
const free = SEED.portals.free;

/**
 * Every test gets its own database, sandbox, fake clock and backend with two fresh installs
 * (acme and the free-tier bakery), so no test depends on what another did before it: each one
 * passes alone (`-t`) and in any order (`--sequence.shuffle`).
 */
describeEngines('install tokens', (ctx) => {
  let db: TestDatabase | undefined;
  let h: Harness;
  let acmeWs: string;
  let freeWs: string;
  let freeAdmin: Awaited<ReturnType<typeof workspace>>;
  beforeEach(async () => {
    db = await createTestDatabase(ctx.engine);
    await migrateInstall(db);
    h = await startHarness(db);
    const a = await workspace(h, 'Acme');
    freeAdmin = await workspace(h, 'Bakery');
    expect((await installAs(h, a, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    expect((await installAs(h, freeAdmin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    acmeWs = a.workspace.id;
    freeWs = freeAdmin.workspace.id;
  });
  afterEach(async () => {
    await h?.close();
    await db?.destroy();
    db = undefined;
  });

  const counters = () => h.sandbox.sandbox.control.counters();
  // Through the gateway and the contact adapter, as the record view reads. Olivia (101) lives in
  // acme, Bea (201) in the bakery.
  // One gateway (and rate budget) per install service, as one backend instance has: a budget per
  // call would lease slots 50 times over and wait on the fake clock, which never moves by itself.
  const gateways = new WeakMap<object, ReturnType<typeof gatewayFor>>();
  const gatewayOf = (svc: typeof h.service) => {
    let g = gateways.get(svc);
    if (!g) gateways.set(svc, (g = gatewayFor(h, svc)));
    return g;
  };
  const readContact = (svc = h.service, ws = acmeWs) => readContactAt(gatewayOf(svc).portal(ws), ws === acmeWs ? '101' : '201', ['firstname']);
  /** The stored access token as the backend would send it (read while still fresh: no refresh). */
  const storedAccessToken = async (ws = acmeWs) => {
    const t = await h.service.accessToken(ws);
    if (!t.ok) throw new Error(`no access token: ${t.error.code}`);
    return t.data.accessToken;
  };
  const sandboxGet = (token: string) => fetch(`${h.sandbox.url}/crm/v3/objects/contacts/101`, { headers: { authorization: `Bearer ${token}` } });

  it('uses the stored token while it is fresh', async () => {
    const before = counters().tokenRefreshes;
    const r = await readContact();
    expect(r.ok && r.data?.properties.firstname).toBe('Olivia');
    expect(counters().tokenRefreshes).toBe(before);
  });

  it('50 parallel calls with a token about to expire (4 min left): exactly one refresh ahead of expiry, all 50 succeed', async () => {
    h.clock.advance(26 * 60_000); // under 5 minutes left: still valid at HubSpot, refreshed early
    const before = counters().tokenRefreshes;
    const results = await Promise.all(Array.from({ length: 50 }, () => readContact()));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(counters().tokenRefreshes).toBe(before + 1);
    const row = await installRow(h, acmeWs);
    expect(row!.last_refresh_at).toBe(h.clock.now());
  });

  it('50 parallel calls with a truly expired token (clock 31 min past issue): exactly one refresh at the sandbox, all 50 succeed', async () => {
    const old = await storedAccessToken();
    h.clock.advance(31 * 60_000); // HubSpot's tokens live 30 minutes
    // The sandbox (same clock) really refuses the stored token now.
    const refused = await sandboxGet(old);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
    // A slow token endpoint keeps all 50 callers waiting on the same refresh.
    h.sandbox.sandbox.control.addLatency({ path: '/oauth/2026-03/token', ms: 150, times: 5 });
    const before = counters().tokenRefreshes;
    const results = await Promise.all(Array.from({ length: 50 }, () => readContact()));
    expect(results.filter((r) => r.ok && r.data?.properties.firstname === 'Olivia')).toHaveLength(50);
    expect(counters().tokenRefreshes).toBe(before + 1);
    const fresh = await storedAccessToken();
    expect(fresh).not.toBe(old);
    expect((await sandboxGet(fresh)).status).toBe(200);
    expect((await installRow(h, acmeWs))!.last_refresh_at).toBe(h.clock.now());
  });

  it.runIf(ctx.engine === 'postgres')('two backend instances refresh once between them (advisory lock, re-read after lock)', async () => {
    h.clock.advance(31 * 60_000);
    const a = createInstallService(h.deps);
    const b = createInstallService(h.deps);
    // Slow HubSpot down so both instances are inside the refresh at once.
    h.sandbox.sandbox.control.addLatency({ path: '/oauth/2026-03/token', ms: 200, times: 5 });
    const before = counters().tokenRefreshes;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => readContact(i % 2 ? a : b)));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(counters().tokenRefreshes).toBe(before + 1);
  });

  it('a 401 before the stored expiry gets one forced refresh and one retry', async () => {
    const current = await h.service.accessToken(acmeWs);
    if (!current.ok) throw new Error('not connected');
    h.sandbox.sandbox.control.expireToken(current.data.accessToken);
    const before = counters().tokenRefreshes;
    const r = await readContact();
    expect(r.ok && r.data?.properties.firstname).toBe('Olivia');
    expect(counters().tokenRefreshes).toBe(before + 1);
  });

  it('tampered or moved ciphertext fails closed without calling HubSpot', async () => {
    const db = h.deps.db;
    const acmeRow = (await installRow(h, acmeWs))!;
    const freeRow = (await installRow(h, freeWs))!;
    const requests = counters().requests;
    // Moved: acme's sealed access token in the bakery's row (AAD binds it to its own row).
    await db.updateTable('installs').set({ access_token_sealed: acmeRow.access_token_sealed }).where('id', '=', freeRow.id).execute();
    // These writes stand for another process's: the service hears them from the change feed,
    // whose next poll is made now instead of within its interval.
    const feed = changeWatchFor(h.deps.db);
    feed.markStale();
    const moved = await h.service.accessToken(freeWs);
    expect(moved.ok ? null : moved.error).toMatchObject({ code: 'internal', details: { vault: 'tampered' } });
    // Tampered: one ciphertext character changed.
    const parts = acmeRow.access_token_sealed.split('.');
    parts[4] = (parts[4]![0] === 'A' ? 'B' : 'A') + parts[4]!.slice(1);
    await db.updateTable('installs').set({ access_token_sealed: parts.join('.') }).where('id', '=', acmeRow.id).execute();
    feed.markStale();
    const tampered = await readContact();
    expect(tampered.ok ? null : tampered.error.message).toMatch(/integrity check/);
    expect(counters().requests).toBe(requests);
    expect(h.logs.join('')).toContain('install.token_unreadable');
    await db.updateTable('installs').set({ access_token_sealed: acmeRow.access_token_sealed }).where('id', '=', acmeRow.id).execute();
    await db.updateTable('installs').set({ access_token_sealed: freeRow.access_token_sealed }).where('id', '=', freeRow.id).execute();
    feed.markStale();
    expect((await readContact()).ok).toBe(true);
  });

  it('key rotation: old rows still open, reencryptAll moves them to the new key, the old key can go', async () => {
    const rotated = keyring(`${KEY_2},${KEY_1}`);
    const svc21 = createInstallService({ ...h.deps, keyring: rotated });
    expect((await readContact(svc21)).ok).toBe(true);
    const report = await reencryptAll(h.deps.db as never, rotated);
    // The CLI's rotation is another process: heard through the change feed (polled now).
    changeWatchFor(h.deps.db).markStale();
    expect(report).toEqual({ resealed: 2, skipped: 0, failed: [] });
    expect((await installRow(h, acmeWs))).toMatchObject({ refresh_key_id: 'k2', access_key_id: 'k2' });
    const svc2 = createInstallService({ ...h.deps, keyring: keyring(KEY_2) });
    expect((await readContact(svc2)).ok).toBe(true);
    expect((await readContact(svc2, freeWs)).ok).toBe(true);
    expect(await reencryptAll(h.deps.db as never, rotated)).toEqual({ resealed: 0, skipped: 0, failed: [] });
    // The old keyring alone can no longer read the re-sealed rows.
    const oldOnly = await readContact(createInstallService({ ...h.deps, keyring: keyring(KEY_1) }));
    expect(oldOnly.ok ? null : oldOnly.error.details).toEqual({ vault: 'unknown_key' });
    // The operator drops k1: the app's service (same deps object) now runs on k2 alone.
    (h.deps as { keyring: unknown }).keyring = keyring(KEY_2);
  });

  it('revocation at HubSpot → needs_reconnect: audited, shown, and calls stop without reaching HubSpot', async () => {
    const svc = createInstallService(h.deps);
    h.sandbox.sandbox.control.uninstall(free.portalId);
    const r = await readContact(svc, freeWs);
    expect(r.ok ? null : r.error.code).toBe('needs_reconnect');
    expect((await installRow(h, freeWs))!.status).toBe('needs_reconnect');
    const requests = counters().requests;
    const again = await readContact(svc, freeWs);
    expect(again.ok ? null : again.error.code).toBe('needs_reconnect');
    expect(counters().requests).toBe(requests);
    expect(await svc.state(freeWs)).toBe('needs_reconnect');
    const status = (await call(h.app, 'GET', '/api/v1/install', { token: freeAdmin.token })).json();
    expect(status).toMatchObject({ state: 'needs_reconnect', health: { lastError: { code: 'needs_reconnect' } } });
    expect(status.message).toMatch(/must reconnect/);
    expect(await auditActions(h, freeWs)).toContainEqual(expect.objectContaining({ action: 'install.needs_reconnect', result: 'failed' }));
    // Reconnecting clears it.
    expect((await installAs(h, freeAdmin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('reconnected');
    expect((await readContact(svc, freeWs)).ok).toBe(true);
  });

  it('no token, code, state or secret in logs, responses, audit rows or ticket results', async () => {
    // Exercise every token path here (this test runs on its own fixture): expiry refresh, forced
    // refresh after a 401, a HubSpot error, revocation → needs_reconnect, reconnect, status reads.
    h.clock.advance(31 * 60_000);
    expect((await readContact()).ok).toBe(true);
    h.sandbox.sandbox.control.expireToken(await storedAccessToken());
    expect((await readContact()).ok).toBe(true);
    // A HubSpot error the install records (a scope the bakery's install lacks).
    expect((await gatewayFor(h).send(freeWs, { method: 'GET', path: '/settings/v3/users/teams' })).ok).toBe(false);
    h.sandbox.sandbox.control.uninstall(free.portalId);
    expect((await readContact(h.service, freeWs)).ok).toBe(false);
    await call(h.app, 'GET', '/api/v1/install', { token: freeAdmin.token });
    expect((await installAs(h, freeAdmin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('reconnected');
    await call(h.app, 'GET', '/api/v1/install', { token: freeAdmin.token });
    expect(counters().tokenRefreshes).toBeGreaterThanOrEqual(2);
    const audit = await h.deps.db.selectFrom('audit_log').select('details').execute();
    const tickets = await h.deps.db.selectFrom('install_tickets').select('result').execute();
    expectNoSecrets(h, [...audit.map((a) => a.details), ...tickets.map((t) => t.result ?? '')]);
  });
});
