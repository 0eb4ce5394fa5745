import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeAudit } from '../../../backend/audit/write';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { cli } from '../cli/harness';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';

/**
 * Issue 14 item 7: a signed-in rep cannot flood the audit log. Every path a rep drives that
 * records a denial (record views of made-up ids, writes aimed at other portals, route refusals)
 * shares one per-member cap per window: past it one `audit.denials_capped` summary row, and
 * repeats are counted instead of written. The audit log has a retention that `prune` applies.
 */
const FLOOD = 150;
// The default cap is 100 rows per member per hour; the bound leaves room for the summary row.
const BOUND = 105;

describeEngines('hostile: the audit log cannot be flooded by a rep', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a, b } = await seedTenants(s, e.db));
  });
  afterAll(() => s?.close());

  const rowsOf = (workspaceId: string, memberId: string) =>
    e.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId).where('actor_member_id', '=', memberId).execute();

  it('writes aimed at other portals and views of made-up records: bounded rows, one summary, every request still refused', async () => {
    const rep = a.actors.member;
    const before = (await rowsOf(a.workspaceId, rep.memberId)).length;
    const answers = [];
    for (let i = 0; i < FLOOD; i++) {
      const portal = String(700_000 + i);
      answers.push(
        await s.app.inject({
          method: 'POST',
          url: `/api/v1/portals/${portal}/contacts/${900_000 + i}/writes`,
          headers: { authorization: `Bearer ${rep.token}`, 'idempotency-key': `k-${randomUUID()}` },
          payload: { kind: 'note', body: 'probe' },
        }),
        await call(s.app, 'GET', `/api/v1/portals/${portal}/contacts/${900_000 + i}/view`, { token: rep.token }),
      );
    }
    expect(answers.every((r) => r.statusCode === 404)).toBe(true);
    const rows = await rowsOf(a.workspaceId, rep.memberId);
    expect(rows.length - before).toBeLessThanOrEqual(BOUND);
    const summaries = rows.filter((r) => r.action === 'audit.denials_capped');
    expect(summaries).toHaveLength(1);
    expect(JSON.parse(summaries[0]!.details)).toMatchObject({ cap: expect.any(Number), suppressed: expect.any(Number) });

    // The cap is per member: another rep's denials are still recorded.
    const other = b.actors.member;
    const r = await call(s.app, 'GET', `/api/v1/portals/${a.portalId}/contacts/${a.contactId}/view`, { token: other.token });
    expect(r.statusCode).toBe(404);
    expect((await rowsOf(b.workspaceId, other.memberId)).some((row) => row.result === 'denied')).toBe(true);
  });

  it('the same refusal repeated is one row per window, and a foreign portal is one row whatever the contact', async () => {
    const rep = b.actors.member;
    const before = (await rowsOf(b.workspaceId, rep.memberId)).length;
    for (let i = 0; i < 40; i++) {
      const w = await s.app.inject({
        method: 'POST',
        url: `/api/v1/portals/${a.portalId}/contacts/${800_000 + i}/writes`,
        headers: { authorization: `Bearer ${rep.token}`, 'idempotency-key': `k-${randomUUID()}` },
        payload: { kind: 'note', body: 'probe' },
      });
      expect(w.statusCode).toBe(404);
    }
    expect((await rowsOf(b.workspaceId, rep.memberId)).length - before).toBeLessThanOrEqual(2);
  });

  it('wrong passwords for one account from many addresses: one row per window, the rest counted', async () => {
    // The admin: an account whose denial cap the flood above did not touch.
    const rep = a.actors.admin;
    const { email } = await e.db.handle.db.selectFrom('members').select('email').where('id', '=', rep.memberId).executeTakeFirstOrThrow();
    const wrong = () => e.db.handle.db.selectFrom('audit_log').select('details').where('actor_member_id', '=', rep.memberId).where('action', '=', 'auth.sign_in').where('result', '=', 'denied').execute();
    const before = (await wrong()).length;
    for (let i = 0; i < 30; i++) {
      const r = await call(s.app, 'POST', '/api/v1/auth/sign-in', { body: { email, password: `not the password ${i}` }, ip: `198.51.100.${i + 1}` });
      expect(r.statusCode).toBe(401);
    }
    // The row is written without holding the answer back: give the last one a moment to land.
    await new Promise((r) => setTimeout(r, 200));
    expect((await wrong()).length - before).toBeLessThanOrEqual(1);
  });

  it('prune deletes audit rows older than AUDIT_RETENTION_DAYS, and none with 0', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const row = (id: string, at: number) => writeAudit(e.db.handle.db, { workspaceId: a.workspaceId, action: `test.retention.${id}`, targetType: 'test', result: 'ok', at });
    await row('old', now - 400 * DAY);
    await row('recent', now - 300 * DAY);
    const left = async () =>
      (await e.db.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'test.retention.%').execute()).map((r) => r.action).sort();

    const forever = await cli(e.db, ['prune'], { now, env: { AUDIT_RETENTION_DAYS: '0' } });
    expect(forever.code, forever.err).toBe(0);
    expect(await left()).toEqual(['test.retention.old', 'test.retention.recent']);

    const dry = await cli(e.db, ['prune', '--dry-run'], { now });
    expect(dry.out).toMatch(/^audit log\s+1\s/m);
    const pruned = await cli(e.db, ['prune'], { now });
    expect(pruned.code, pruned.err).toBe(0);
    expect(await left()).toEqual(['test.retention.recent']);
    // The flood test's fresh rows are untouched.
    expect((await rowsOf(a.workspaceId, a.actors.member.memberId)).length).toBeGreaterThan(0);
  });
});
