import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MembersAnswer } from '../../../lib/contract/api/identity';
import { call, createWorkspace, invite } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { installAs, startHarness, type Harness } from '../install/harness';
import { SEED } from '../../../backend/sandbox/seed';

/**
 * Every request the product sends to the sandbox in a realistic run must be an operation HubSpot
 * publishes. The list below is written by hand from HubSpot's public OpenAPI spec collection
 * (HubSpot/HubSpot-public-api-spec-collection) and developer docs: method and path template only,
 * nothing copied. Kinds:
 * - `spec`: in the spec collection;
 * - `sdk`: the official Node SDK's spelling of a spec'd operation (trailing slash);
 * - `documented-beta`: documented by HubSpot but BETA and absent from the collection;
 * - `hubspot-web`: HubSpot's own web pages a browser visits (the consent screen), not an API;
 * OAuth v1 (in the collection, sunset 2027-02-16) and the v3 per-object association list (gone
 * from the specs) are deliberately absent: a product request to either fails this test.
 */

type Kind = 'spec' | 'sdk' | 'documented-beta' | 'hubspot-web';
const OPERATIONS: [method: string, template: string, kind: Kind][] = [
  // OAuth: the consent screen (HubSpot's page), and the date-versioned token API (v1's successor).
  ['GET', '/oauth/authorize', 'hubspot-web'],
  ['POST', '/oauth/authorize/consent', 'hubspot-web'],
  ['POST', '/oauth/2026-03/token', 'spec'],
  ['POST', '/oauth/2026-03/token/introspect', 'spec'],
  ['POST', '/oauth/2026-03/token/revoke', 'spec'],
  ['DELETE', '/appinstalls/v3/external-install', 'spec'],
  ['GET', '/account-info/v3/details', 'spec'],
  // CRM objects (contacts, notes, tasks share the object API's shape).
  ['GET', '/crm/v3/objects/{objectType}/{objectId}', 'spec'],
  ['PATCH', '/crm/v3/objects/{objectType}/{objectId}', 'spec'],
  ['POST', '/crm/v3/objects/{objectType}', 'spec'],
  ['POST', '/crm/v3/objects/{objectType}/batch/read', 'spec'],
  ['POST', '/crm/v3/objects/{objectType}/batch/update', 'spec'],
  ['POST', '/crm/v3/objects/{objectType}/batch/create', 'spec'],
  ['POST', '/crm/v3/objects/{objectType}/search', 'spec'],
  ['GET', '/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}', 'spec'],
  ['GET', '/crm/v3/properties/{objectType}', 'spec'],
  ['GET', '/crm/v3/properties/{objectType}/{propertyName}', 'spec'],
  ['GET', '/crm/v3/pipelines/{objectType}', 'spec'],
  // Owners: the spec has no trailing slash, the SDK adds one. Users: the spec's list path ends in one.
  ['GET', '/crm/v3/owners', 'spec'],
  ['GET', '/crm/v3/owners/', 'sdk'],
  ['GET', '/crm/v3/owners/{ownerId}', 'spec'],
  ['GET', '/settings/v3/users/', 'spec'],
  ['GET', '/settings/v3/users/{userId}', 'spec'],
  ['GET', '/settings/v3/users/teams', 'spec'],
  ['GET', '/settings/v3/users/roles', 'spec'],
  ['GET', '/resource-permissions/v3/permitted-users', 'documented-beta'],
  // Legacy engagements reference (specs/legacy/v1/crm-engagements-v1.json): the call outcomes.
  ['GET', '/calling/v1/dispositions', 'spec'],
];

const OBJECT_TYPES = new Set(['contacts', 'notes', 'tasks', '0-1', '0-46', '0-27']);
/** Literal segments win over parameters (`batch`, `teams` are not ids). */
const LITERALS = new Set(['batch', 'search', 'teams', 'roles', 'associations', 'token', 'details']);

function matches(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return false;
  return t.every((seg, i) => {
    const actual = decodeURIComponent(p[i]!);
    if (seg === '{objectType}' || seg === '{toObjectType}') return OBJECT_TYPES.has(actual);
    if (seg.startsWith('{')) return actual.length > 0 && !LITERALS.has(actual);
    return seg === actual;
  });
}

export function operationOf(method: string, path: string): [string, string, Kind] | undefined {
  return OPERATIONS.find(([m, t]) => m === method && matches(t, path));
}

const acme = SEED.portals.acme;

describeEngines('every request the product sends matches a published HubSpot operation', (e) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(e.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('install, directory sync, views, writes (note, task, properties) with a reconcile, and disconnect', async () => {
    const control = h.sandbox.sandbox.control;
    control.resetCounters();
    const admin = await createWorkspace(h.app, { email: acme.users.superAdmin.email, workspaceName: 'Acme' });
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');

    const inv = await invite(h.app, admin.token, { email: acme.users.everything.email });
    const accepted = await call(h.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'pw-spec-paths-12345' } });
    const rep = { token: accepted.json().token as string, memberId: accepted.json().member.id as string };
    expect((await call(h.app, 'POST', '/api/v1/identity/sync', { token: admin.token })).statusCode).toBeLessThan(300);
    const members = MembersAnswer.parse((await call(h.app, 'GET', '/api/v1/identity/members', { token: admin.token })).json());
    const proposal = members.members.find((m) => m.memberId === rep.memberId)!.proposal!;
    expect((await call(h.app, 'PUT', `/api/v1/identity/members/${rep.memberId}/link`, { token: admin.token, body: { hubspotUserId: proposal.userId } })).statusCode).toBe(200);
    expect((await call(h.app, 'PUT', '/api/v1/settings/editable-properties', { token: admin.token, body: { properties: ['city'] } })).statusCode).toBe(200);
    expect((await call(h.app, 'GET', '/api/v1/settings/task-options', { token: rep.token })).statusCode).toBe(200);
    const outcomes = await call(h.app, 'GET', '/api/v1/settings/call-outcomes', { token: rep.token });
    expect(outcomes.statusCode).toBe(200);
    expect(outcomes.json().outcomes).toContainEqual({ id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' });

    const contact = acme.contacts.ownedByEverything.id;
    expect((await call(h.app, 'GET', `/api/v1/portals/${acme.portalId}/contacts/${contact}/view`, { token: rep.token })).statusCode).toBe(200);

    // The first note batch is performed but its answer lost, so the worker reconciles by marker.
    control.addFault({ method: 'POST', path: '/crm/v3/objects/notes/batch/create', kind: 'accept-then-drop', times: 1 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const write = async (body: object) => {
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/v1/portals/${acme.portalId}/contacts/${contact}/writes`,
        headers: { authorization: `Bearer ${rep.token}`, 'idempotency-key': randomUUID() },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(202);
      return res.json().write.id as string;
    };
    const ids = [await write({ kind: 'note', body: 'Spec check' }), await write({ kind: 'task', subject: 'Follow up', priority: 'HIGH' }), await write({ kind: 'properties', properties: { city: 'Lyon' } })];
    const end = Date.now() + 15_000;
    for (const id of ids) {
      for (;;) {
        const w = (await call(h.app, 'GET', `/api/v1/writes/${id}`, { token: rep.token })).json().write;
        if (w.status === 'done') break;
        if (w.status === 'failed' || Date.now() > end) throw new Error(`write ${id}: ${JSON.stringify(w)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect((await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} })).statusCode).toBe(200);

    const sent = control.requestLog().map((r) => `${r.method} ${r.path}`);
    // The run covered what it claims to cover.
    for (const wanted of ['/oauth/', '/settings/v3/users', '/crm/v3/owners', '/resource-permissions/v3/permitted-users', '/objects/notes/batch/create', '/objects/tasks/batch/create', '/objects/contacts/batch/update', '/associations/notes']) {
      expect(sent.some((s) => s.includes(wanted)), wanted).toBe(true);
    }
    const unmatched = [...new Set(sent.filter((s) => !operationOf(s.split(' ')[0]!, s.split(' ')[1]!)))];
    expect(unmatched).toEqual([]);
  });

  it('the matcher is not a catch-all', () => {
    expect(operationOf('GET', '/crm/v3/objects/contacts/101')?.[2]).toBe('spec');
    expect(operationOf('GET', '/crm/v3/objects/contacts/batch')).toBeUndefined();
    expect(operationOf('DELETE', '/crm/v3/objects/contacts/101')).toBeUndefined();
    expect(operationOf('GET', '/crm/v3/objects/widgets/1')).toBeUndefined();
    expect(operationOf('GET', '/crm/v4/objects/contacts/101/associations/notes')?.[2]).toBe('spec');
    expect(operationOf('GET', '/resource-permissions/v3/permitted-users')?.[2]).toBe('documented-beta');
    expect(operationOf('GET', '/crm/v3/objects/contacts/101/associations/notes')).toBeUndefined();
    expect(operationOf('POST', '/oauth/v1/token')).toBeUndefined();
    expect(operationOf('GET', '/settings/v3/users')).toBeUndefined();
  });
});
