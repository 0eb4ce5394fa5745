import { describe, expect, it } from 'vitest';
import { CreateWriteBody, WRITE_KINDS, WriteKind } from '../../../lib/contract/api/writes';
import { DraftKind } from '../../../lib/extension/background/drafts';
import { auditActionOf, ENGAGEMENT_KINDS, engagementOf, kindAllowedOn, kindRefusal, summaryOf, WRITE_KIND_REGISTRY } from '../../../backend/services/write-kinds/registry';
import { KIND_OBJECTS } from '../../../lib/contract/api/writes';
import { CRM_OBJECT_TYPE_IDS } from '../../../lib/contract/crm-objects';
import { associationTypeId } from '../../../backend/hubspot/crm-batch';
import { markerFor } from '../../../backend/services/write-kinds/engagement-payload';

/** The kind enums are derived from the contract's bodies, and the registry covers every kind. */
describe('write-kind registry', () => {
  it('derives the kind enums from the write bodies', () => {
    const fromBodies = CreateWriteBody.options.map((o) => o.shape.kind.value);
    expect([...WRITE_KINDS]).toEqual(fromBodies);
    expect(WriteKind.options).toEqual(fromBodies);
    expect(DraftKind.options).toEqual(fromBodies);
    expect(Object.keys(WRITE_KIND_REGISTRY).sort()).toEqual([...fromBodies].sort());
    expect(ENGAGEMENT_KINDS).toEqual(fromBodies.filter((k) => k !== 'properties'));
  });

  it('keeps the audit actions the trail already holds', () => {
    expect(auditActionOf('properties')).toBe('crm.contact.update');
    expect(auditActionOf('note')).toBe('crm.note.create');
    expect(auditActionOf('task')).toBe('crm.task.create');
    expect(auditActionOf('call')).toBe('crm.call.create');
  });

  it('audits property edits per object, engagements under their own action on every object', () => {
    expect(auditActionOf('properties', '0-2')).toBe('crm.company.update');
    expect(auditActionOf('properties', '0-3')).toBe('crm.deal.update');
    expect(auditActionOf('properties', '0-5')).toBe('crm.ticket.update');
    expect(auditActionOf('note', '0-3')).toBe('crm.note.create');
  });

  it("associates each engagement with HubSpot's defined type for every object it is offered on, and nowhere else", () => {
    expect(associationTypeId(engagementOf('note').object, '0-3')).toBe(214);
    expect(associationTypeId(engagementOf('note').object, '0-2')).toBe(190);
    expect(associationTypeId(engagementOf('note').object, '0-5')).toBe(228);
    expect(associationTypeId(engagementOf('task').object, '0-5')).toBe(230);
    expect(associationTypeId(engagementOf('task').object, '0-2')).toBe(192);
    expect(associationTypeId(engagementOf('task').object, '0-3')).toBe(216);
    for (const kind of ENGAGEMENT_KINDS) {
      for (const t of CRM_OBJECT_TYPE_IDS) {
        // Offered ⇔ an association type exists: delivery can never meet a write it cannot associate.
        expect(engagementOf(kind).object.associationTypeIdTo[t] !== undefined).toBe(KIND_OBJECTS[kind].includes(t));
      }
    }
    expect(() => associationTypeId(engagementOf('call').object, '0-3')).toThrow();
  });

  it('offers calls on contacts only, and says so', () => {
    expect(kindAllowedOn('call', '0-1')).toBe(true);
    expect(kindAllowedOn('call', '0-3')).toBe(false);
    expect(kindAllowedOn('note', '0-5')).toBe(true);
    expect(kindRefusal('call', '0-3')).toMatch(/^Calls can be logged on contacts only/);
  });

  it('puts each create marker in the body property delivery reconciles by', () => {
    const bodies = { note: { kind: 'note', body: 'hello' }, task: { kind: 'task', subject: 'call back' }, call: { kind: 'call', body: 'talked', direction: 'OUTBOUND' } } as const;
    const marker = markerFor('0b7e2c1a-1111-4222-8333-444455556666');
    for (const kind of ENGAGEMENT_KINDS) {
      const spec = engagementOf(kind);
      const payload = spec.payload(bodies[kind as keyof typeof bodies], { ownerId: '7', marker, acceptedAt: new Date(0) });
      expect(payload[spec.object.bodyProperty]).toContain(marker);
      expect(payload.hs_timestamp).toBe(new Date(0).toISOString());
      expect(payload.hubspot_owner_id).toBe('7');
    }
  });

  it('summarises each kind for the panel', () => {
    expect(summaryOf({ kind: 'properties', properties: { jobtitle: 'x', phone: '1' } })).toBe('jobtitle, phone');
    expect(summaryOf({ kind: 'note', body: `  a\n\nb ${'x'.repeat(80)}` })).toMatch(/^Note: a b x+…$/);
    expect(summaryOf({ kind: 'task', subject: 'Send the quote' })).toBe('Task: Send the quote');
    expect(summaryOf({ kind: 'call', body: 'Wants a demo', direction: 'INBOUND' })).toBe('Call (inbound): Wants a demo');
  });

  it("sends a call as HubSpot's calls object: direction, time, owner, and outcome and title only when given", () => {
    const spec = engagementOf('call');
    expect(spec.object).toEqual({ type: 'calls', bodyProperty: 'hs_call_body', associationTypeIdTo: { '0-1': 194 } });
    const at = new Date('2031-01-01T00:00:00Z');
    const bare = spec.payload({ kind: 'call', body: 'a <b>', direction: 'OUTBOUND' }, { ownerId: '7', marker: 'portside-x', acceptedAt: at });
    expect(bare).toEqual({ hs_call_body: '<p>a &lt;b&gt;</p><p style="display:none">ref portside-x</p>', hs_call_direction: 'OUTBOUND', hs_timestamp: at.toISOString(), hubspot_owner_id: '7' });
    const full = spec.payload({ kind: 'call', body: 'a', direction: 'INBOUND', outcome: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', title: 'Renewal', at: '2031-02-03T10:00:00+01:00' }, { ownerId: '7', marker: 'm', acceptedAt: at });
    expect(full).toMatchObject({ hs_call_disposition: 'f240bbac-87c9-4f6e-bf70-924b57d47db7', hs_call_title: 'Renewal', hs_timestamp: '2031-02-03T09:00:00.000Z' });
  });
});
