import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InstallStatusResponse, ObjectAvailability } from '../../../lib/contract/api/install';
import { SEED } from '../../../backend/sandbox/seed';
import { REQUIRED_SCOPES } from '../../../backend/hubspot/scopes';
import { writePipelineRules } from '../../../backend/services/access/pipeline-rules-store';
import { call, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { begin, installAs, migrateInstall, startHarness, workspace, type Harness } from './harness';

/**
 * Companies, deals and tickets are asked for as optional scopes: a portal whose subscription lacks
 * one (the sandbox's free portal has no tickets, as a free HubSpot CRM has no help desk) still
 * installs, and install health says which objects the panel works on.
 */

const acme = SEED.portals.acme;
const free = SEED.portals.free;
const OBJECT_SCOPES = ['crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.deals.write', 'tickets'];

async function health(h: Harness, token: string) {
  const res = await call(h.app, 'GET', '/api/v1/install', { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InstallStatusResponse;
}
const byType = (objects: ObjectAvailability[]) => Object.fromEntries(objects.map((o) => [o.objectType, o]));

describeEngines('install: optional object scopes', (ctx) => {
  let h: Harness;
  // One workspace per portal (a portal connects to one workspace): later tests reuse them.
  let freeAdmin: SignedIn;
  let acmeAdmin: SignedIn;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  it('asks for the five object scopes in optional_scope only; the required list is unchanged', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const scope = b.authorizeUrl!.searchParams.get('scope')!.split(' ');
    const optional = b.authorizeUrl!.searchParams.get('optional_scope')!.split(' ');
    expect(scope.sort()).toEqual(['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'oauth']);
    expect([...REQUIRED_SCOPES].sort()).toEqual(scope);
    expect(optional).toEqual(expect.arrayContaining(OBJECT_SCOPES));
    for (const s of OBJECT_SCOPES) expect(scope).not.toContain(s);
  });

  it('a free portal without tickets still installs; health lists tickets unavailable and the rest available', async () => {
    const admin = (freeAdmin = await workspace(h));
    const run = await installAs(h, admin, free.portalId, free.users.superAdmin.userId);
    expect(run.outcome).toBe('connected');
    expect(run.text).toContain('Optional scope dropped: tickets — Ticket panel, edits, notes and tasks is off.');
    const status = await health(h, admin.token);
    expect(status.state).toBe('connected');
    expect(status.health!.missingRequiredScopes).toEqual([]);
    expect(status.health!.missingOptionalScopes.map((m) => m.scope)).toEqual(['tickets']);
    const objects = byType(status.health!.objects);
    expect(objects['0-5']).toEqual({ objectType: '0-5', label: 'Tickets', read: false, write: false, missingScopes: ['tickets'] });
    for (const t of ['0-1', '0-2', '0-3'] as const) expect(objects[t]).toMatchObject({ read: true, write: true, missingScopes: [] });
    expect(status.health!.notices).toEqual([]);
  });

  it('an enterprise portal grants every object', async () => {
    const admin = (acmeAdmin = await workspace(h));
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    const status = await health(h, admin.token);
    expect(status.health!.objects.map((o) => [o.label, o.read, o.write])).toEqual([
      ['Contacts', true, true],
      ['Companies', true, true],
      ['Deals', true, true],
      ['Tickets', true, true],
    ]);
  });

  it('warns that deal and ticket verdicts need pipeline settings while the permission API is unavailable and no rule is set, until one is', async () => {
    const admin = acmeAdmin;
    const codes = async () => (await health(h, admin.token)).health!.notices.map((n) => n.code);
    // The API answers: no fallback, no warning.
    expect(await codes()).toEqual([]);
    const at = h.clock.now();
    await h.deps.db.updateTable('installs').set({ permissions_api_refusal: 'not_offered', permissions_api_refused_at: at }).where('workspace_id', '=', admin.workspace.id).execute();
    const warned = (await health(h, admin.token)).health!.notices.find((n) => n.code === 'pipeline_rules_missing')!;
    expect(warned.message).toContain('Deal and Ticket verdicts need pipeline settings');
    expect(warned.whatToDo).toContain('This portal restricts no deal pipelines');
    expect(warned.since).toBe(new Date(at).toISOString());
    // Deals set ("restricts no pipelines"): the warning names tickets only; both set: gone.
    await writePipelineRules(h.deps.db, admin.workspace.id, String(acme.portalId), '0-3', { allUnrestricted: true, rules: [] }, null, at);
    expect((await health(h, admin.token)).health!.notices.find((n) => n.code === 'pipeline_rules_missing')!.message).toMatch(/^Ticket verdicts need pipeline settings/);
    await writePipelineRules(h.deps.db, admin.workspace.id, String(acme.portalId), '0-5', { allUnrestricted: false, rules: [{ pipelineId: '0', access: 'everyone', teamIds: [], userIds: [] }] }, null, at);
    expect(await codes()).toEqual(['permissions_api_unavailable']);
  });

  it('no pipeline warning for an object the install cannot read (free portal: no tickets)', async () => {
    const admin = freeAdmin;
    await h.deps.db.updateTable('installs').set({ permissions_api_refusal: 'not_offered', permissions_api_refused_at: h.clock.now() }).where('workspace_id', '=', admin.workspace.id).execute();
    const notice = (await health(h, admin.token)).health!.notices.find((n) => n.code === 'pipeline_rules_missing')!;
    expect(notice.message).toMatch(/^Deal verdicts need pipeline settings/);
    expect(notice.message).not.toContain('icket');
  });
});

describeEngines('install: an install made before objects were asked for', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    // What the authorize URL asked for before issue 20.
    h = await startHarness(ctx.db, { env: { HUBSPOT_OPTIONAL_SCOPES: 'settings.users.read' } });
  });
  afterAll(() => h.close());

  it('stays connected with no error; companies, deals and tickets read as not granted (reconnect to add)', async () => {
    const admin = await workspace(h);
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    const status = await health(h, admin.token);
    expect(status.state).toBe('connected');
    expect(status.health!.lastError).toBeNull();
    expect(status.health!.missingOptionalScopes).toEqual([]);
    const objects = byType(status.health!.objects);
    expect(objects['0-1']).toMatchObject({ read: true, write: true });
    expect(objects['0-2']).toMatchObject({ read: false, write: false, missingScopes: ['crm.objects.companies.read', 'crm.objects.companies.write'] });
    expect(objects['0-3']).toMatchObject({ read: false, write: false, missingScopes: ['crm.objects.deals.read', 'crm.objects.deals.write'] });
    expect(objects['0-5']).toMatchObject({ read: false, write: false, missingScopes: ['tickets'] });
  });
});
