import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeAudit } from '../../../backend/audit/write';
import { describeEngines } from '../helpers/engines';
import { cli, makeWorkspace } from './harness';

const T0 = Date.UTC(2030, 0, 10);
const DAY = 86_400_000;

function write(id: string, ws: string, member: string, status: string, at: number, extra: Record<string, unknown> = {}) {
  return {
    id, workspace_id: ws, portal_id: '555', contact_id: '9', member_id: member, hubspot_user_id: null, owner_id: null, kind: 'note' as const,
    idempotency_key: `key-${id}`, request_hash: 'h', request: '{"text":"customer data"}', payload: '{}', marker: null, status: status as 'done',
    attempts: 1, next_attempt_at: at, lease_owner: null, lease_expires_at: null, maybe_sent: 0, wait_reason: null, last_error: null,
    hubspot_object_id: null, correlation_id: null, created_at: at, updated_at: at, delivered_at: status === 'done' ? at : null, ...extra,
  };
}

describeEngines('CLI: audit export, prune, outbox', (ctx) => {
  it('exports one workspace in a date range as JSON lines and CSV, oldest first, with formula cells defused', async () => {
    const { workspaceId } = await makeWorkspace(ctx.db, 'audit@example.com');
    const other = await makeWorkspace(ctx.db, 'other@example.com', 'Other');
    const db = ctx.db.handle.db;
    for (let i = 0; i < 5; i++) await writeAudit(db, { workspaceId, action: 'crm.note.create', targetType: 'contact', targetId: String(i), result: 'ok', details: { n: i }, at: T0 + i * DAY });
    await writeAudit(db, { workspaceId, action: 'x', targetType: 'contact', targetId: '=HYPERLINK("http://evil")', result: 'ok', at: T0 + 2 * DAY + 1 });
    await writeAudit(db, { workspaceId: other.workspaceId, action: 'crm.note.create', targetType: 'contact', result: 'ok', at: T0 + DAY });
    const range = ['--from', '2030-01-11', '--to', '2030-01-13T00:00:00Z'];
    const j = await cli(ctx.db, ['audit', 'export', '--workspace', workspaceId, ...range]);
    expect(j.code).toBe(0);
    const rows = j.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.target_id)).toEqual(['1', '2', '=HYPERLINK("http://evil")']);
    expect(rows[0]).toMatchObject({ workspace_id: workspaceId, created_at: '2030-01-11T00:00:00.000Z', details: { n: 1 } });
    expect(j.err).toMatch(/3 row\(s\)/);

    const dir = mkdtempSync(join(tmpdir(), 'portside-audit-'));
    const file = join(dir, 'audit.csv');
    const c = await cli(ctx.db, ['audit', 'export', '--workspace', workspaceId, ...range, '--format', 'csv', '--out', file]);
    expect(c.code).toBe(0);
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('created_at,id,workspace_id,actor_member_id,actor_email,actor_name,actor_hubspot_user_id,action,target_type,target_id,target_email,target_name,result,correlation_id,details');
    expect(csv).toHaveLength(4);
    expect(csv[3]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // An existing export is never overwritten.
    expect((await cli(ctx.db, ['audit', 'export', '--workspace', workspaceId, '--out', file])).code).toBe(1);
    const bad = await cli(ctx.db, ['audit', 'export', '--workspace', workspaceId, '--from', '2030-02-01', '--to', '2030-01-01']);
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/--to must be after --from/);
  });

  it('prune deletes only what has expired (dry run first), never dead letters, and no audit rows with AUDIT_RETENTION_DAYS=0', async () => {
    const { workspaceId, memberId } = await makeWorkspace(ctx.db, 'prune@example.com', 'Prune');
    const db = ctx.db.handle.db;
    const session = (id: string, expires: number, revoked: number | null) => ({ id, workspace_id: workspaceId, member_id: memberId, token_hash: `h-${id}`, stay_signed_in: 0, idle_timeout_ms: 1, expires_at: expires, last_seen_at: T0, revoked_at: revoked, created_at: T0 - 3 * DAY });
    await db.insertInto('sessions').values([session('s-live', T0 + DAY, null), session('s-expired', T0 - 1, null), session('s-revoked-old', T0 + DAY, T0 - 2 * DAY), session('s-revoked-new', T0 + DAY, T0 - 1000)]).execute();
    const w = db;
    await w.insertInto('write_outbox').values([write('w-old', workspaceId, memberId, 'done', T0 - 40 * DAY), write('w-new', workspaceId, memberId, 'done', T0 - 2 * DAY), write('w-dead', workspaceId, memberId, 'failed', T0 - 90 * DAY)]).execute();
    await w.insertInto('rate_budget_leases').values([{ id: 'e-old', portal_id: '555', slots: 4, granted_at: T0 - 2 * 3_600_000 - 1000, at: T0 - 2 * 3_600_000 }, { id: 'e-new', portal_id: '555', slots: 4, granted_at: T0 - 2000, at: T0 - 1000 }]).execute();
    const auditBefore = (await db.selectFrom('audit_log').select('id').execute()).length;

    const dry = await cli(ctx.db, ['prune', '--dry-run'], { now: T0, env: { AUDIT_RETENTION_DAYS: '0' } });
    expect(dry.code).toBe(0);
    // (Invites of earlier tests' workspaces are long expired at T0 too, so only these lines are exact.)
    expect(dry.out).toMatch(/^sessions\s+2\s/m);
    expect(dry.out).toMatch(/^rate budget leases\s+1\s/m);
    expect(dry.out).toMatch(/^delivered writes \(idempotency keys\)\s+1\s/m);
    expect((await db.selectFrom('sessions').select('id').where('workspace_id', '=', workspaceId).execute()).length).toBe(4);

    const r = await cli(ctx.db, ['prune'], { now: T0, env: { AUDIT_RETENTION_DAYS: '0' } });
    expect(r.out).toMatch(/^sessions\s+2\s/m);
    expect(r.out).toMatch(/prune: deleted \d+ row\(s\)/);
    expect((await db.selectFrom('sessions').select('id').where('workspace_id', '=', workspaceId).execute()).map((s) => s.id).sort()).toEqual(['s-live', 's-revoked-new']);
    expect((await w.selectFrom('write_outbox').select('id').where('workspace_id', '=', workspaceId).execute()).map((x) => x.id).sort()).toEqual(['w-dead', 'w-new']);
    expect((await w.selectFrom('rate_budget_leases').select('id').execute()).map((x) => x.id)).toEqual(['e-new']);
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore);
    expect((await cli(ctx.db, ['prune', '--keep-done-days', '0'])).code).toBe(64);
  });

  it('outbox status, dead letters, retry and drop', async () => {
    const { workspaceId, memberId } = await makeWorkspace(ctx.db, 'outbox@example.com', 'Outbox');
    const w = ctx.db.handle.db;
    await w.deleteFrom('write_outbox').execute();
    const err = JSON.stringify({ code: 'missing_scopes', message: 'Reinstall with scope X', adminAction: 'Reinstall', retryable: true, correlationId: 'corr-1' });
    await w.insertInto('write_outbox').values([
      write('p1', workspaceId, memberId, 'pending', T0 - 120_000, { wait_reason: 'rate_limited' }),
      write('p2', workspaceId, memberId, 'delivering', T0 - 5_000),
      write('d1', workspaceId, memberId, 'failed', T0 - 60_000, { last_error: err }),
      write('d2', workspaceId, memberId, 'failed', T0 - 30_000, { last_error: err }),
    ]).execute();

    const status = await cli(ctx.db, ['outbox', 'status', '--json'], { now: T0 });
    expect(JSON.parse(status.out.trim())).toMatchObject({ portal: '555', pending: 1, delivering: 1, oldestAgeSeconds: 120, waiting: 'rate_limited:1', deadLetters: 2 });

    const dead = await cli(ctx.db, ['outbox', 'dead', '--json', '--workspace', workspaceId]);
    const rows = dead.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['d2', 'd1']);
    expect(rows[0]).toMatchObject({ code: 'missing_scopes', message: 'Reinstall with scope X', correlationId: 'corr-1' });
    expect(dead.out).not.toContain('customer data');

    expect((await cli(ctx.db, ['outbox', 'retry', '--id', 'd1'], { now: T0 })).code).toBe(0);
    expect(await w.selectFrom('write_outbox').select(['status', 'attempts', 'last_error']).where('id', '=', 'd1').executeTakeFirst()).toEqual({ status: 'pending', attempts: 0, last_error: null });
    const again = await cli(ctx.db, ['outbox', 'retry', '--id', 'd1']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is pending, not failed/);

    expect((await cli(ctx.db, ['outbox', 'drop', '--id', 'd2'])).code).toBe(64);
    expect((await cli(ctx.db, ['outbox', 'drop', '--id', 'p1', '--yes'])).code).toBe(1);
    expect((await cli(ctx.db, ['outbox', 'drop', '--id', 'd2', '--yes'])).code).toBe(0);
    expect(await w.selectFrom('write_outbox').select('id').where('id', '=', 'd2').executeTakeFirst()).toBeUndefined();
    const audit = await ctx.db.handle.db.selectFrom('audit_log').select('action').where('workspace_id', '=', workspaceId).where('action', 'in', ['crm.write.retry', 'crm.write.dropped']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['crm.write.dropped', 'crm.write.retry']);
  });
});
