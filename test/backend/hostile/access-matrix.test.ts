import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../../lib/errors';
import { describeEngines } from '../helpers/engines';
import { footprintReader, startHostileStack, type Footprint, type HostileStack } from './stack';
import { seedTenants, type Actor, type Tenant } from './tenants';

/**
 * Who may do what to whom. Every operation that names a workspace's resource is tried by every
 * kind of caller of workspace A — admin, member, disabled member, expired session, no session —
 * against A's own resources and against workspace B's (ids swapped in the path, in the body, in
 * the record a write is associated with). The table below is the specification; for every
 * denied cell the test also proves that HubSpot saw no request and that the database did not
 * change, except for the denial row the audit log promises for record reads and writes.
 */
type Who = 'admin' | 'member' | 'disabled' | 'expired' | 'none';
type Target = 'own' | 'other';

interface Op {
  name: string;
  /** Behind the admin hook: members get 403 whatever they name. */
  adminOnly: boolean;
  request(target: Tenant, self: Tenant, ids: Ids): { method: string; url: string; body?: unknown; headers?: Record<string, string> };
  /** Status for a caller allowed to try (admin; member too unless adminOnly), by target. */
  own: number;
  other: number;
  /** Audit action of the denial row written for an other-tenant attempt. */
  deniedAudit?: string;
  /** Why this op may read the caller's *own* portal while refusing (never the other portal). */
  ownPortalReads?: string;
}

interface Ids {
  writeOf: Record<Target, string>;
}

const note = { kind: 'note', body: 'matrix note' };

// prettier-ignore
const OPS: Op[] = [
  { name: 'view a contact (portal and contact in the path)', adminOnly: false, own: 200, other: 404, deniedAudit: 'record.view',
    request: (t) => ({ method: 'GET', url: `/api/v1/portals/${t.portalId}/contacts/${t.contactId}/view` }) },
  { name: 'write a note associated with a contact', adminOnly: false, own: 202, other: 404, deniedAudit: 'crm.note.create',
    request: (t) => ({ method: 'POST', url: `/api/v1/portals/${t.portalId}/contacts/${t.contactId}/writes`, body: note, headers: { 'idempotency-key': randomUUID() } }) },
  // Another workspace's writes look like none at all (an empty list), as the writes service promises.
  { name: "list a contact's writes", adminOnly: false, own: 200, other: 200,
    request: (t) => ({ method: 'GET', url: `/api/v1/portals/${t.portalId}/contacts/${t.contactId}/writes` }) },
  { name: 'read a write', adminOnly: false, own: 200, other: 404,
    request: (t, _s, ids) => ({ method: 'GET', url: `/api/v1/writes/${ids.writeOf[t.workspaceId === _s.workspaceId ? 'own' : 'other']}` }) },
  { name: 'retry a write', adminOnly: false, own: 409, other: 404,
    request: (t, _s, ids) => ({ method: 'POST', url: `/api/v1/writes/${ids.writeOf[t.workspaceId === _s.workspaceId ? 'own' : 'other']}/retry`, body: {} }) },
  { name: "change a member's role", adminOnly: true, own: 200, other: 404,
    request: (t) => ({ method: 'PUT', url: `/api/v1/members/${t.actors.member.memberId}/role`, body: { role: 'member' } }) },
  { name: 'disable a member', adminOnly: true, own: 200, other: 404,
    request: (t) => ({ method: 'POST', url: `/api/v1/members/${t.actors.expired.memberId}/disable` }) },
  { name: 'enable a member', adminOnly: true, own: 200, other: 404,
    request: (t) => ({ method: 'POST', url: `/api/v1/members/${t.actors.expired.memberId}/enable` }) },
  { name: "reset a member's access", adminOnly: true, own: 201, other: 404,
    request: (t) => ({ method: 'POST', url: `/api/v1/members/${t.actors.expired.memberId}/reset-access` }) },
  { name: 'link a member (member id in the path)', adminOnly: true, own: 200, other: 404,
    request: (t, s) => ({ method: 'PUT', url: `/api/v1/identity/members/${t.actors.member.memberId}/link`, body: { hubspotUserId: s === t ? '5006' : '5006' } }) },
  { name: "link an own member to the other portal's HubSpot user (id in the body)", adminOnly: true, own: 200, other: 404,
    ownPortalReads: 'an unknown user id refreshes the own portal directory before answering 404',
    request: (t, s) => ({ method: 'PUT', url: `/api/v1/identity/members/${s.actors.member.memberId}/link`, body: { hubspotUserId: t === s ? '5006' : '6003' } }) },
  { name: "set a member's permission levels", adminOnly: true, own: 200, other: 404,
    request: (t) => ({ method: 'PUT', url: `/api/v1/identity/members/${t.actors.member.memberId}/permissions`, body: { levels: null } }) },
  { name: 'unlink a member', adminOnly: true, own: 200, other: 404,
    request: (t) => ({ method: 'DELETE', url: `/api/v1/identity/members/${t.actors.disabled.memberId}/link` }) },
];

const WHO: Who[] = ['admin', 'member', 'disabled', 'expired', 'none'];

function expected(op: Op, who: Who, target: Target): number {
  if (who === 'none' || who === 'disabled' || who === 'expired') return 401;
  if (op.adminOnly && who === 'member') return 403;
  return target === 'own' ? op.own : op.other;
}

describeEngines('access and tenancy matrix', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let b: Tenant;
  let read: () => Promise<Footprint>;
  const ids: Ids = { writeOf: { own: '', other: '' } };

  const send = (actor: Actor | null, r: { method: string; url: string; body?: unknown; headers?: Record<string, string> }) =>
    s.app.inject({
      method: r.method as never,
      url: r.url,
      headers: { ...(actor ? { authorization: `Bearer ${actor.token}` } : {}), ...r.headers },
      ...(r.body !== undefined ? { payload: r.body as object } : {}),
    });

  beforeAll(async () => {
    s = await startHostileStack(e.db, { logLevel: 'warn' });
    ({ a, b } = await seedTenants(s, e.db));
    read = await footprintReader(e.db, s.sandbox);
    // One accepted write in each workspace, to address by id.
    for (const [t, key] of [[a, 'own'], [b, 'other']] as const) {
      const r = await send(t.actors.member, OPS[1]!.request(t, t, ids));
      expect(r.statusCode, r.body).toBe(202);
      ids.writeOf[key] = r.json().write.id;
    }
  });
  afterAll(() => s?.close());

  for (const op of OPS) {
    describe(op.name, () => {
      for (const target of ['own', 'other'] as const) {
        for (const who of WHO) {
          const status = expected(op, who, target);
          const denied = status === 401 || status === 403 || target === 'other';
          it(`${who} → ${target} workspace: ${status}`, async () => {
            const before = await read();
            const auditBefore = await e.db.handle.db.selectFrom('audit_log').selectAll().where('result', '=', 'denied').execute();
            const actor = who === 'none' ? null : a.actors[who];
            const r = await send(actor, op.request(target === 'own' ? a : b, a, ids));
            expect(r.statusCode, r.body).toBe(status);
            if (!denied) return;
            if (status < 300) expect(r.json()).toEqual({ writes: [] });
            else expect(ApiErrorBody.safeParse(r.json()).success, r.body).toBe(true);
            const after = await read();
            const calls = s.sandbox.sandbox.control.requestLog().slice(before.upstream);
            if (op.ownPortalReads && status === 404) expect(calls.filter((c) => c.method !== 'GET' || c.portalId !== Number(a.portalId))).toEqual([]);
            else expect(calls, 'HubSpot was called').toEqual([]);
            const audited = target === 'other' && op.deniedAudit !== undefined && status === 404;
            expect(after.rows).toEqual({ ...before.rows, audit_log: before.rows.audit_log! + (audited ? 1 : 0) });
            if (audited) {
              const rows = await e.db.handle.db.selectFrom('audit_log').selectAll().where('result', '=', 'denied').execute();
              const added = rows.filter((x) => !auditBefore.some((y) => y.id === x.id));
              expect(added).toMatchObject([{ workspace_id: a.workspaceId, actor_member_id: actor!.memberId, action: op.deniedAudit }]);
            }
          });
        }
      }
    });
  }
});
