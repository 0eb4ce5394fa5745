import { expect, it } from 'vitest';
import { describeEngines } from '../helpers/engines';
import { cli, insertInstall, Keyring, makeWorkspace, newKey } from './harness';
import { installTokenAad } from '../../../backend/vault/aad';

const k1 = newKey('k1');
const k2 = newKey('k2');

describeEngines('CLI: installs, force-reconnect, key rotation', (ctx) => {
  it('lists installs with health, worst first', async () => {
    const ring = new Keyring([k1], 'k1');
    const a = await makeWorkspace(ctx.db, 'a@example.com', 'A');
    const b = await makeWorkspace(ctx.db, 'b@example.com', 'B');
    await insertInstall(ctx.db, a.workspaceId, '1001', ring);
    await insertInstall(ctx.db, b.workspaceId, '1002', ring, { last_success_at: Date.now() - 60_000, last_error_at: Date.now(), last_error_code: 'hubspot_unavailable', last_error_message: 'HubSpot did not answer' });
    const r = await cli(ctx.db, ['installs', 'list', '--json'], { env: { ENCRYPTION_KEYS: k1.spec } });
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.portal, x.health])).toEqual([
      ['1002', 'failing'],
      ['1001', 'ok'],
    ]);
    // With the key missing from ENCRYPTION_KEYS the tokens cannot be read: that is what it says.
    const other = await cli(ctx.db, ['installs', 'list', '--json'], { env: { ENCRYPTION_KEYS: k2.spec } });
    expect(other.out).toMatch(/"health":"unknown_key"/);
    expect(r.out + other.out).not.toMatch(/secret/);
  });

  it('force-reconnect marks the install, audits it, and is idempotent', async () => {
    const c = await makeWorkspace(ctx.db, 'c@example.com', 'C');
    await insertInstall(ctx.db, c.workspaceId, '1003', new Keyring([k1], 'k1'));
    const r = await cli(ctx.db, ['install', 'force-reconnect', '--workspace', c.workspaceId, '--reason', 'portal sold']);
    expect(r.code).toBe(0);
    const row = await ctx.db.handle.db.selectFrom('installs').selectAll().where('portal_id', '=', '1003').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'needs_reconnect', last_error_code: 'operator_forced' });
    expect(row.last_error_message).toContain('portal sold');
    const audit = await ctx.db.handle.db.selectFrom('audit_log').select('action').where('workspace_id', '=', c.workspaceId).where('action', '=', 'install.needs_reconnect').execute();
    expect(audit).toHaveLength(1);
    expect((await cli(ctx.db, ['install', 'force-reconnect', '--workspace', c.workspaceId])).out).toMatch(/already needs a reconnect/);
    expect((await cli(ctx.db, ['install', 'force-reconnect', '--workspace', 'nope'])).code).toBe(1);
  });

  it('keys rotate re-seals every token under the new primary key and reports counts, never key material', async () => {
    const env = { ENCRYPTION_KEYS: `${k2.spec},${k1.spec}` };
    const dry = await cli(ctx.db, ['keys', 'rotate', '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/before: k1: 6/);
    const r = await cli(ctx.db, ['keys', 'rotate'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/re-sealed: 3;/);
    expect(r.out).toMatch(/after: k2 \(primary\): 6/);
    expect(r.out).toMatch(/remove them from ENCRYPTION_KEYS/);
    expect(r.out + r.err).not.toContain(k1.key.toString('base64'));
    expect(r.out + r.err).not.toContain(k2.key.toString('base64'));
    // The old key can now go: k2 alone opens every token.
    const only2 = new Keyring([k2], 'k2');
    for (const row of await ctx.db.handle.db.selectFrom('installs').selectAll().execute()) {
      expect(only2.open(row.refresh_token_sealed, installTokenAad(row.id, 'refresh'))).toMatchObject({ ok: true, value: `refresh-secret-${row.portal_id}` });
    }
    expect((await cli(ctx.db, ['keys', 'rotate'], { env })).out).toMatch(/re-sealed: 0;/);
  });

  it('keys rotate reports unreadable rows and exits 1', async () => {
    const d = await makeWorkspace(ctx.db, 'd@example.com', 'D');
    const k3 = newKey('k3');
    await insertInstall(ctx.db, d.workspaceId, '1004', new Keyring([k3], 'k3'));
    const r = await cli(ctx.db, ['keys', 'rotate'], { env: { ENCRYPTION_KEYS: `${k2.spec},${k1.spec}` } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/unreadable: installs inst-1004 \(unknown_key\)/);
    expect(r.out).toMatch(/Still under older keys: k3 \(2\)/);
  });
});
