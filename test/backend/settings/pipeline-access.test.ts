import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PipelineAccessResponse } from '../../../lib/contract/api/settings';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { readPipelineRules } from '../../../backend/services/access/pipeline-rules-store';
import { describeEngines } from '../helpers/engines';
import { createWorkspace } from '../helpers/accounts-app';
import { ACME, FREE } from '../records/harness';
import { startViewApp, type ViewApp } from '../records/http-app';

/**
 * `GET/PUT /api/v1/settings/pipeline-access/:objectType` over HTTP against the sandbox: the
 * portal's deal and ticket pipelines with the admin's rules, written where access reads them
 * (access/pipeline-rules-store.ts, per workspace and portal).
 */

async function api(v: ViewApp, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${v.url}${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const password = () => `pw-${randomBytes(6).toString('hex')}`;
const DEALS = '/api/v1/settings/pipeline-access/0-3';
const TICKETS = '/api/v1/settings/pipeline-access/0-5';
const sales = String(ACME.teams.sales.id);

describeEngines('pipeline access settings', (e) => {
  let v: ViewApp;
  let admin: SessionResponse;
  let rep: SessionResponse;

  beforeAll(async () => {
    v = await startViewApp(e.db);
    admin = await createWorkspace(v.app, { workspaceName: 'Acme', email: ACME.users.superAdmin.email, password: password() });
    v.install(admin.workspace.id, ACME.portalId, ACME.users.superAdmin.userId);
    const inv = await api(v, 'POST', '/api/v1/members', { token: admin.token, body: { email: ACME.users.ownedOnly.email, role: 'member' } });
    rep = (await api(v, 'POST', '/api/v1/invites/accept', { body: { code: (inv.body as InviteCreatedResponse).invite.code, password: password() } })).body;
  });
  afterAll(async () => {
    await v?.close();
  });

  it("lists the portal's deal and ticket pipelines, none with a rule yet", async () => {
    const deals = PipelineAccessResponse.parse((await api(v, 'GET', DEALS, { token: admin.token })).body);
    expect(deals).toEqual({
      objectType: '0-3',
      allUnrestricted: false,
      pipelines: [
        { id: 'default', label: 'Sales Pipeline', rule: null },
        { id: '811122', label: 'Enterprise deals', rule: null },
      ],
    });
    const tickets = PipelineAccessResponse.parse((await api(v, 'GET', TICKETS, { token: admin.token })).body);
    expect(tickets.pipelines).toEqual([{ id: '0', label: 'Support Pipeline', rule: null }]);
  });

  it('saves "restricts no pipelines" and per-pipeline rules where access reads them, audited', async () => {
    const body = {
      allUnrestricted: false,
      rules: [
        { pipelineId: 'default', access: 'everyone', teamIds: [], userIds: [] },
        { pipelineId: '811122', access: 'restricted', teamIds: [sales], userIds: [String(ACME.users.ownedOnly.userId)] },
      ],
    };
    const put = await api(v, 'PUT', DEALS, { token: admin.token, body });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(PipelineAccessResponse.parse(put.body).pipelines.map((p) => [p.id, p.rule?.access ?? null])).toEqual([
      ['default', 'everyone'],
      ['811122', 'restricted'],
    ]);
    const stored = await readPipelineRules(e.db.handle.db, admin.workspace.id, String(ACME.portalId), '0-3');
    expect(stored.allUnrestricted).toBe(false);
    expect(stored.rules.get('811122')).toEqual(body.rules[1]);
    // Tickets are untouched.
    expect((await readPipelineRules(e.db.handle.db, admin.workspace.id, String(ACME.portalId), '0-5')).rules.size).toBe(0);

    const all = PipelineAccessResponse.parse((await api(v, 'PUT', DEALS, { token: admin.token, body: { allUnrestricted: true, rules: [] } })).body);
    expect(all).toMatchObject({ allUnrestricted: true, pipelines: [{ id: 'default', rule: null }, { id: '811122', rule: null }] });
    expect((await readPipelineRules(e.db.handle.db, admin.workspace.id, String(ACME.portalId), '0-3')).allUnrestricted).toBe(true);
    const audit = await e.db.handle.db.selectFrom('audit_log').select(['action', 'details']).where('workspace_id', '=', admin.workspace.id).where('action', '=', 'settings.pipeline_access.set').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ objectType: '0-3', allUnrestricted: true, previous: { allUnrestricted: false } });
  });

  it('refuses a pipeline HubSpot does not list, two rules for one pipeline, and an open pipeline naming teams', async () => {
    const rule = (pipelineId: string, access = 'restricted', teamIds: string[] = [sales]) => ({ pipelineId, access, teamIds, userIds: [] });
    for (const [rules, words] of [
      [[rule('999')], 'HubSpot lists no pipeline 999'],
      [[rule('default'), rule('default', 'everyone', [])], 'pipeline default has two rules'],
      [[rule('default', 'everyone')], 'open to everyone, so it lists no teams or users'],
    ] as const) {
      const r = await api(v, 'PUT', DEALS, { token: admin.token, body: { allUnrestricted: false, rules } });
      expect(r.status).toBe(400);
      expect(ApiErrorBody.parse(r.body).error.message).toContain(words);
    }
    // Nothing changed.
    expect((await readPipelineRules(e.db.handle.db, admin.workspace.id, String(ACME.portalId), '0-3')).allUnrestricted).toBe(true);
  });

  it('members get 403; contacts, companies and malformed bodies 400', async () => {
    expect((await api(v, 'GET', DEALS, { token: rep.token })).status).toBe(403);
    expect((await api(v, 'PUT', DEALS, { token: rep.token, body: { allUnrestricted: true, rules: [] } })).status).toBe(403);
    for (const path of ['/api/v1/settings/pipeline-access/0-1', '/api/v1/settings/pipeline-access/0-2', '/api/v1/settings/pipeline-access/deals']) {
      expect((await api(v, 'GET', path, { token: admin.token })).status, path).toBe(400);
    }
    for (const body of [{ allUnrestricted: 'yes', rules: [] }, { allUnrestricted: false, rules: [{ pipelineId: '*', access: 'everyone', teamIds: [], userIds: [] }] }, { allUnrestricted: false }]) {
      expect((await api(v, 'PUT', DEALS, { token: admin.token, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("rules belong to the portal: another portal connected to the workspace starts with none; tickets without their scope are 409 object_not_available", async () => {
    // `default` exists in every portal: its acme rule must not apply to the other portal.
    const restricted = { pipelineId: 'default', access: 'restricted', teamIds: [sales], userIds: [] };
    expect((await api(v, 'PUT', DEALS, { token: admin.token, body: { allUnrestricted: true, rules: [restricted] } })).status).toBe(200);
    const acme = v.installs.byWorkspace.get(admin.workspace.id)!;
    v.install(admin.workspace.id, FREE.portalId, FREE.users.superAdmin.userId);
    try {
      const deals = PipelineAccessResponse.parse((await api(v, 'GET', DEALS, { token: admin.token })).body);
      expect(deals.allUnrestricted).toBe(false);
      expect(deals.pipelines.find((p) => p.id === 'default')).toMatchObject({ rule: null });
      expect((await readPipelineRules(e.db.handle.db, admin.workspace.id, String(FREE.portalId), '0-3')).rules.size).toBe(0);
      // The free portal has no tickets scope.
      const r = await api(v, 'GET', TICKETS, { token: admin.token });
      expect(r.status).toBe(409);
      expect(ApiErrorBody.parse(r.body).error).toMatchObject({ code: 'object_not_available', details: { objectType: '0-5', missingScopes: ['tickets'], reconnect: true } });
    } finally {
      v.installs.byWorkspace.set(admin.workspace.id, acme);
    }
    expect(PipelineAccessResponse.parse((await api(v, 'GET', DEALS, { token: admin.token })).body)).toMatchObject({ allUnrestricted: true, pipelines: [{ id: 'default', rule: restricted }, { id: '811122', rule: null }] });
  });
});
