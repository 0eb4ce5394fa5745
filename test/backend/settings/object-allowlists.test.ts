import { afterAll, beforeAll, expect, it } from 'vitest';
import { listPropertyDefinitions } from '../../../backend/hubspot/property-definitions';
import { OBJECT_API } from '../../../backend/hubspot/objects';
import { listObjectProperties, loadAllowlist, setEditableProperties, type SettingsDeps } from '../../../backend/services/settings/editable-properties';
import { describeEngines } from '../helpers/engines';
import { ACME, WORKSPACE, memberOf, startStack, type Stack } from '../delivery/stack';

/**
 * One allowlist per CRM object, each checked against that object's own property definitions
 * (read from the sandbox through the gateway, as backend/compose.ts wires them): a deal's list
 * leaves the contacts' alone, and pipeline and stage properties are never allowable.
 */

describeEngines('editable properties per object', (ctx) => {
  let stack: Stack;
  let deps: SettingsDeps;
  const admin = { workspaceId: WORKSPACE, memberId: memberOf(ACME.users.superAdmin) };
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    deps = {
      db: stack.db,
      now: Date.now,
      objectProperties: (ws, type) => listPropertyDefinitions(stack.gateway.portal(ws), OBJECT_API[type].name),
      taskOptions: stack.deps.taskOptions,
      callOutcomes: stack.deps.callOutcomes,
    };
  });
  afterAll(() => stack.close());
  const names = async (type: '0-1' | '0-2' | '0-3' | '0-5') => (await loadAllowlist(stack.db, WORKSPACE, type)).properties.map((p) => p.name);

  it("keeps a deal allowlist apart from the contacts' one, with each object's own definitions", async () => {
    expect((await setEditableProperties(deps, admin, { properties: ['city', 'jobtitle'] }, null)).ok).toBe(true);
    const deals = await setEditableProperties(deps, admin, { properties: ['description', 'amount', 'closedate'] }, null, '0-3');
    if (!deals.ok) throw new Error(deals.error.message);
    expect(deals.data.properties.map((p) => [p.name, p.type, p.label])).toEqual([
      ['description', 'string', 'Deal Description'],
      ['amount', 'number', 'Amount'],
      ['closedate', 'datetime', 'Close Date'],
    ]);
    expect(await names('0-1')).toEqual(['city', 'jobtitle']);
    expect(await names('0-2')).toEqual([]);
    // Clearing the deals' list leaves the contacts' untouched.
    expect((await setEditableProperties(deps, admin, { properties: [] }, null, '0-3')).ok).toBe(true);
    expect(await names('0-3')).toEqual([]);
    expect(await names('0-1')).toEqual(['city', 'jobtitle']);
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.editable_properties.set').execute();
    expect(audit.map((a) => JSON.parse(a.details).objectType)).toEqual(['0-1', '0-3', '0-3']);
  });

  it('refuses pipeline and stage properties with reason `pipeline`, saving nothing', async () => {
    await setEditableProperties(deps, admin, { properties: ['dealname'] }, null, '0-3');
    const deal = await setEditableProperties(deps, admin, { properties: ['dealname', 'dealstage', 'pipeline'] }, null, '0-3');
    expect(deal.ok ? null : deal.error).toMatchObject({ code: 'bad_request', details: { properties: [{ name: 'dealstage', reason: 'pipeline' }, { name: 'pipeline', reason: 'pipeline' }] } });
    expect(await names('0-3')).toEqual(['dealname']);
    const ticket = await setEditableProperties(deps, admin, { properties: ['hs_pipeline_stage', 'hs_ticket_priority'] }, null, '0-5');
    expect(ticket.ok ? null : ticket.error).toMatchObject({ details: { properties: [{ name: 'hs_pipeline_stage', reason: 'pipeline' }] } });
    // Ownership stays refused on every object.
    const company = await setEditableProperties(deps, admin, { properties: ['hubspot_owner_id'] }, null, '0-2');
    expect(company.ok ? null : company.error).toMatchObject({ details: { properties: [{ name: 'hubspot_owner_id', reason: 'ownership' }] } });
  });

  it("lists an object's properties for the picker, marking the allowlisted and the not allowable", async () => {
    const r = await listObjectProperties(deps, admin, '0-3');
    if (!r.ok) throw new Error(r.error.message);
    const byName = new Map(r.data.properties.map((p) => [p.name, p]));
    expect(byName.get('dealstage')).toMatchObject({ allowable: false, notAllowableReason: 'pipeline', allowed: false });
    expect(byName.get('dealname')).toMatchObject({ allowable: true, allowed: true });
    expect(byName.get('amount')).toMatchObject({ type: 'number', allowable: true, allowed: false });
    expect(byName.has('firstname')).toBe(false);
  });
});
