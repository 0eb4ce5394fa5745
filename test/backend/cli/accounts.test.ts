import { expect, it } from 'vitest';
import { hasherFromConfig } from '../../../backend/security/password';
import { hashToken } from '../../../backend/security/tokens';
import { describeEngines } from '../helpers/engines';
import { cli, makeWorkspace } from './harness';

describeEngines('CLI: migrate, workspaces and admins', (ctx) => {
  it('migrate is idempotent', async () => {
    const r = await cli(ctx.db, ['migrate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/already up to date/);
  });

  it('workspace create prints a one-time invite code, stored only as a hash and never in the audit log', async () => {
    const { workspaceId, memberId, out } = await makeWorkspace(ctx.db, 'Owner@Example.com');
    const code = /invite code[^\n]*\n\s+(\S+)/.exec(out)![1]!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const db = ctx.db.handle.db;
    const member = await db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ workspace_id: workspaceId, email: 'owner@example.com', role: 'admin', status: 'invited', password_hash: null });
    const invite = await db.selectFrom('invites').selectAll().where('member_id', '=', memberId).executeTakeFirstOrThrow();
    expect(invite.token_hash).toBe(hashToken(code));
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('workspace_id', '=', workspaceId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['member.invited', 'workspace.created']);
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it('sets a password from stdin instead (never from argv), and lists the workspace', async () => {
    const r = await cli(ctx.db, ['workspace', 'create', '--name', 'Beta', '--admin-email', 'pw@example.com', '--password-stdin'], { stdin: 'correct horse battery\n' });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/invite code/);
    expect(r.out).not.toContain('correct horse');
    const m = await ctx.db.handle.db.selectFrom('members').selectAll().where('email', '=', 'pw@example.com').executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
    expect(await hasherFromConfig({ PASSWORD_SCRYPT_LN: 10 }).verify('correct horse battery', m.password_hash!)).toMatchObject({ ok: true });
    const list = await cli(ctx.db, ['workspace', 'list', '--json']);
    const rows = list.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.find((w) => w.name === 'Beta')).toMatchObject({ members: 1, active: 1, admins: 'pw@example.com' });
  });

  it('refuses a short password from stdin and creates nothing', async () => {
    const r = await cli(ctx.db, ['workspace', 'create', '--name', 'Gamma', '--admin-email', 'short@example.com', '--password-stdin'], { stdin: 'abc' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/at least 8 characters/);
    expect(await ctx.db.handle.db.selectFrom('workspaces').selectAll().where('name', '=', 'Gamma').execute()).toEqual([]);
  });

  it('admin create adds an admin to a workspace; duplicates and unknown workspaces fail with exit 1', async () => {
    const { workspaceId } = await makeWorkspace(ctx.db, 'first@example.com', 'Delta');
    const ok = await cli(ctx.db, ['admin', 'create', '--workspace', workspaceId, '--email', 'second@example.com']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/invite code/);
    const dup = await cli(ctx.db, ['admin', 'create', '--workspace', workspaceId, '--email', 'second@example.com']);
    expect(dup).toMatchObject({ code: 1 });
    expect(dup.err).toMatch(/already has a Portside account/);
    const nowhere = await cli(ctx.db, ['admin', 'create', '--workspace', 'nope', '--email', 'third@example.com']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toMatch(/No workspace with id nope/);
  });

  it('names every bad option, and exits 64 for usage errors and 78 for bad configuration', async () => {
    const bad = await cli(ctx.db, ['workspace', 'create', '--name', '--admin-email', 'not-an-email', '--colour', 'red']);
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/--name needs a value/);
    expect(bad.err).toMatch(/--admin-email must be an email address/);
    expect(bad.err).toMatch(/unknown option --colour/);
    expect((await cli(ctx.db, ['workspace', 'destroy'])).code).toBe(64);
    expect((await cli(ctx.db, [])).code).toBe(64);
    expect((await cli(ctx.db, ['help'])).code).toBe(0);
    const conf = await cli(ctx.db, ['workspace', 'list'], { env: { DATABASE_URL: 'mysql://x', PORT: 'abc' } });
    expect(conf.code).toBe(78);
    expect(conf.err).toMatch(/DATABASE_URL/);
    expect(conf.err).toMatch(/PORT/);
  });
});
