import { describe, expect, it } from 'vitest';
import { CreateWriteBody, WRITE_KINDS, WriteKind } from '../../../lib/api/writes';
import { DraftKind } from '../../../lib/background/drafts';
import { auditActionOf, ENGAGEMENT_KINDS, engagementOf, summaryOf, WRITE_KIND_REGISTRY } from '../../../backend/services/writes/kinds';
import { markerFor } from '../../../backend/services/writes/engagement-payload';

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
  });

  it('puts each create marker in the body property delivery reconciles by', () => {
    const bodies = { note: { kind: 'note', body: 'hello' }, task: { kind: 'task', subject: 'call back' } } as const;
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
  });
});
