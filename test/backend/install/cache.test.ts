import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../../backend/db/database';
import { installDepsFrom } from '../../../backend/services/install/deps';
import { createInstallService } from '../../../backend/services/install/create';
import type { InstallService } from '../../../backend/services/install/service';
import { recordInstallError } from '../../../backend/services/install/store';
import { call, createWorkspace, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { installAs, installRow, startHarness, type Harness } from './harness';
import { ACME } from '../records/harness';

/**
 * The install cache on a second instance (its own database handle, as another process): it
 * answers from memory, and hears every change made elsewhere within a second — a refresh, the
 * CLI's force-reconnect, a disconnect, a reconnect — polled, not slept on.
 */
describeEngines('install cache across two instances', (e) => {
  let h: Harness;
  let admin: SignedIn;
  let other: DatabaseHandle;
  let b: InstallService;
  let ws: string;

  beforeAll(async () => {
    h = await startHarness(e.db);
    admin = await createWorkspace(h.app, { email: ACME.users.superAdmin.email, workspaceName: 'Acme' });
    ws = admin.workspace.id;
    expect((await installAs(h, admin, ACME.portalId, ACME.users.superAdmin.userId)).outcome).toBe('connected');
    other = createDatabase(e.db.env, { poolSize: 3 });
    b = createInstallService(installDepsFrom({ ...h.deps, db: other.db }));
  });
  afterAll(async () => {
    await h?.close();
    await other?.close();
  });

  async function within1s<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = await read();
      if (done(v)) return v;
      if (Date.now() - t0 > 1_000) throw new Error(`instance B still answers ${JSON.stringify(v)} after 1 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const tokenOf = async (svc: InstallService) => {
    const t = await svc.accessToken(ws);
    return t.ok ? t.data.accessToken : t.error.code;
  };

  it('a token refreshed on A is the one B hands out within a second', async () => {
    const before = await tokenOf(b);
    const refreshed = await h.service.accessToken(ws, { staleToken: before });
    expect(refreshed.ok).toBe(true);
    const fresh = refreshed.ok ? refreshed.data.accessToken : '';
    expect(fresh).not.toBe(before);
    expect(await within1s(() => tokenOf(b), (t) => t === fresh)).toBe(fresh);
  });

  it("the CLI's force-reconnect (another process) stops B within a second", async () => {
    expect(await b.state(ws)).toBe('connected');
    const row = (await installRow(h, ws))!;
    await recordInstallError(e.db.handle.db, row.id, { code: 'operator_forced', message: 'Reconnect please.', correlationId: null }, Date.now(), 'needs_reconnect');
    await within1s(() => b.state(ws), (s) => s === 'needs_reconnect');
    expect(await tokenOf(b)).toBe('needs_reconnect');
  });

  it('a reconnect on A is used by B within a second, and a disconnect on A ends it there too', async () => {
    expect((await installAs(h, admin, ACME.portalId, ACME.users.superAdmin.userId)).outcome).toBe('reconnected');
    const fresh = await tokenOf(h.service);
    await within1s(() => tokenOf(b), (t) => t === fresh);
    expect((await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} })).statusCode).toBe(200);
    await within1s(() => b.installedPortal(ws), (p) => p === null);
    expect(await tokenOf(b)).toBe('portal_not_connected');
  });
});
