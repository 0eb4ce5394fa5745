import { describe, expect, it } from 'vitest';
import { OBJECT_API, objectAvailability } from '../../../backend/hubspot/objects';
import { CRM_OBJECT_TYPE_IDS, CRM_OBJECTS, isCrmObjectTypeId } from '../../../lib/contract/crm-objects';

/** What HubSpot calls each object and which granted scopes make it usable (issue 20). */
describe('CRM objects', () => {
  it('knows contacts, companies, deals and tickets by type id, with their API names', () => {
    expect(CRM_OBJECT_TYPE_IDS).toEqual(['0-1', '0-2', '0-3', '0-5']);
    expect(CRM_OBJECT_TYPE_IDS.map((t) => [CRM_OBJECTS[t].typeId, CRM_OBJECTS[t].singular, OBJECT_API[t].name])).toEqual([
      ['0-1', 'contact', 'contacts'],
      ['0-2', 'company', 'companies'],
      ['0-3', 'deal', 'deals'],
      ['0-5', 'ticket', 'tickets'],
    ]);
    expect(['0-1', '0-5'].every(isCrmObjectTypeId)).toBe(true);
    for (const s of ['0-4', '0-7', '2-123', '', '0-1 ', 'contacts', 'toString', '__proto__']) expect(isCrmObjectTypeId(s), s).toBe(false);
  });

  it('puts pipeline and stage properties on deals and tickets only', () => {
    expect(CRM_OBJECT_TYPE_IDS.map((t) => [OBJECT_API[t].pipelineProperty, OBJECT_API[t].stageProperty])).toEqual([
      [null, null],
      [null, null],
      ['pipeline', 'dealstage'],
      ['hs_pipeline', 'hs_pipeline_stage'],
    ]);
  });

  it('never lists the crm.objects.tickets.* scopes HubSpot does not document', () => {
    const all = CRM_OBJECT_TYPE_IDS.flatMap((t) => [...OBJECT_API[t].readScopes, ...OBJECT_API[t].writeScopes]);
    expect(all.filter((s) => s.includes('tickets'))).toEqual(['tickets', 'tickets']);
  });
});

describe('objectAvailability', () => {
  const contactsOnly = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'oauth'];

  it('an install granted contacts only: contacts usable, each other object names the scopes a reconnect adds', () => {
    expect(objectAvailability(contactsOnly, '0-1')).toEqual({ read: true, write: true, missingScopes: [] });
    expect(objectAvailability(contactsOnly, '0-2')).toEqual({ read: false, write: false, missingScopes: ['crm.objects.companies.read', 'crm.objects.companies.write'] });
    expect(objectAvailability(contactsOnly, '0-3')).toEqual({ read: false, write: false, missingScopes: ['crm.objects.deals.read', 'crm.objects.deals.write'] });
    expect(objectAvailability(contactsOnly, '0-5')).toEqual({ read: false, write: false, missingScopes: ['tickets'] });
  });

  it('tickets: the one scope gives read and write', () => {
    expect(objectAvailability([...contactsOnly, 'tickets'], '0-5')).toEqual({ read: true, write: true, missingScopes: [] });
  });

  it('a read scope alone: view only, the write scope missing', () => {
    expect(objectAvailability([...contactsOnly, 'crm.objects.deals.read'], '0-3')).toEqual({ read: true, write: false, missingScopes: ['crm.objects.deals.write'] });
  });

  it('a write scope implies read', () => {
    expect(objectAvailability(['crm.objects.companies.write'], '0-2')).toEqual({ read: true, write: true, missingScopes: [] });
    expect(objectAvailability(['crm.objects.contacts.write'], '0-1')).toEqual({ read: true, write: true, missingScopes: [] });
  });

  it('one object\'s scopes never make another available', () => {
    const deals = ['crm.objects.deals.read', 'crm.objects.deals.write'];
    expect(objectAvailability(deals, '0-2').read).toBe(false);
    expect(objectAvailability(deals, '0-5').read).toBe(false);
    expect(objectAvailability(deals, '0-1').read).toBe(false);
    expect(objectAvailability(['crm.objects.tickets.read', 'crm.objects.tickets.write'], '0-5').read).toBe(false);
  });
});
