import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createWorkspace, invite, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { countingHandle } from '../helpers/query-count';
import { installAs, startHarness, type Harness } from '../install/harness';
import { ACME } from './harness';

/**
 * SQL statements per record view on the production wiring (real install service, writes path so
 * the editable properties are read, session checks): the installs row is read from the install
 * cache and the session from the memo, so a repeated view costs only what is not cached.
 */
describeEngines('SQL statements per record view', (e) => {
  let h: Harness;
  let counted: ReturnType<typeof countingHandle>;
  let rep: { token: string };
  let admin: SignedIn;

  beforeAll(async () => {
    counted = countingHandle(e.db.handle);
    // Deals asked for explicitly, so the deal view does not depend on the default optional scopes.
    h = await startHarness({ ...e.db, handle: counted.handle }, { env: { HUBSPOT_OPTIONAL_SCOPES: 'settings.users.read crm.objects.deals.read crm.objects.deals.write' } });
    admin = await createWorkspace(h.app, { email: ACME.users.superAdmin.email, workspaceName: 'Acme' });
    expect((await installAs(h, admin, ACME.portalId, ACME.users.superAdmin.userId)).outcome).toBe('connected');
    const inv = await invite(h.app, admin.token, { email: ACME.users.teamOnly.email });
    const accepted = await call(h.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'pw-sql-count-123456' } });
    rep = { token: accepted.json().token };
    const linked = await call(h.app, 'PUT', `/api/v1/identity/members/${accepted.json().member.id}/link`, { token: admin.token, body: { hubspotUserId: String(ACME.users.teamOnly.userId) } });
    expect(linked.statusCode, linked.body).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function view(contactId: number, path = `contacts/${contactId}`) {
    const before = counted.tables.length;
    const res = await call(h.app, 'GET', `/api/v1/portals/${ACME.portalId}/${path}/view`, { token: rep.token });
    expect(res.statusCode, res.body).toBe(200);
    return counted.tables.slice(before);
  }

  it('a repeated (cached) view reads neither the installs row nor the session; an uncached one reads the installs row at most once', async () => {
    const first = await view(ACME.contacts.ownedByChildTeam.id);
    const cached = await view(ACME.contacts.ownedByChildTeam.id);
    const other = await view(ACME.contacts.ownedByTeamOnly.id);
    console.log(`[${e.engine}] statements per view: first ${first.length} [${first.join(', ')}]; cached ${cached.length} [${cached.join(', ')}]; another contact ${other.length} [${other.join(', ')}]`);
    expect(cached.filter((t) => t === 'installs')).toEqual([]);
    // The precompiled session lookup is the only statement the plugin cannot name.
    expect(cached.filter((t) => t === '?')).toEqual([]);
    expect(other.filter((t) => t === 'installs').length).toBeLessThanOrEqual(1);
  });

  it('a deal view costs no SQL a contact view does not: pipelines, labels and the company currency are cached HubSpot reads, never queries', async () => {
    // Rows of the per-portal rate budget are taken per HubSpot call (by lease), and are not per view.
    const perView = (tables: string[]) => tables.filter((t) => !t.startsWith('rate_budget') && t !== 'portal_delivery');
    const contact = await view(ACME.contacts.ownedByChildTeam.id);
    const deal = await view(0, 'objects/0-3/22003');
    const dealAgain = await view(0, 'objects/0-3/22003');
    console.log(`[${e.engine}] statements per view: contact ${contact.length} [${contact.join(', ')}]; deal ${deal.length} [${deal.join(', ')}]; deal again ${dealAgain.length} [${dealAgain.join(', ')}]`);
    expect(perView(deal)).toEqual(perView(contact));
    expect(dealAgain).toEqual(perView(contact));
  });
});
