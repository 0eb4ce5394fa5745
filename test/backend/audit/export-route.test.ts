import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, invite, inviteAndAccept, startAccountsApp, type TestApp } from '../helpers/accounts-app';

describeEngines('admin audit export', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
  });
  afterAll(() => t?.close());

  it("exports the admin's own workspace as JSON lines and CSV, and audits the export", async () => {
    const a = await createWorkspace(t.app);
    await invite(t.app, a.token, { email: 'x@example.test' });
    const other = await createWorkspace(t.app);
    await invite(t.app, other.token, { email: 'y@example.test' });

    const jsonl = await t.app.inject({ method: 'GET', url: '/api/v1/audit/export?format=jsonl', headers: { authorization: `Bearer ${a.token}` } });
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const rows = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as { workspace_id: string; action: string });
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.workspace_id))).toEqual(new Set([a.workspace.id]));
    // Who did it and to whom, by email beside the ids.
    const typed = rows as unknown as Array<{ actor_member_id: string | null; actor_email: string | null; target_type: string | null; target_email: string | null }>;
    const byAdmin = typed.filter((r) => r.actor_member_id === a.member.id);
    expect(byAdmin.length).toBeGreaterThan(0);
    for (const r of byAdmin) expect(r.actor_email).toBe(a.member.email);
    expect(typed.some((r) => r.target_type === 'member' && r.target_email === 'x@example.test')).toBe(true);

    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/audit/export?format=csv', headers: { authorization: `Bearer ${a.token}` } });
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="portside-audit-.*\.csv"/);
    expect(csv.body.split('\n')[0]).toBe('created_at,id,workspace_id,actor_member_id,actor_email,actor_name,actor_hubspot_user_id,action,target_type,target_id,target_email,target_name,result,correlation_id,details');
    expect(csv.body).not.toContain(other.workspace.id);
    expect(csv.body).toContain('audit.export');
  });

  it('refuses members, bad ranges and unknown parameters', async () => {
    const a = await createWorkspace(t.app);
    const m = await inviteAndAccept(t.app, a.token);
    expect((await call(t.app, 'GET', '/api/v1/audit/export', { token: m.token })).statusCode).toBe(403);
    for (const q of ['format=xml', 'from=2026-02-01&to=2026-01-01', 'from=yesterday', 'workspace=other']) {
      expect((await call(t.app, 'GET', `/api/v1/audit/export?${q}`, { token: a.token })).statusCode).toBe(400);
    }
  });
});
