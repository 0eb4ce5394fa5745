import { describe, expect, it } from 'vitest';
import { RecordSummary } from '../../lib/contract/api/records';
import { recordSummary, SUMMARY_PROPERTIES, type SummaryLabels } from '../../backend/services/records/summaries';

/**
 * The per-object summary builders: HubSpot's property strings to the contract's summary, labels
 * from what the view resolved (null when unknown), blank values null, and a deal without its own
 * currency in the portal's company currency.
 */

const labels = (over: Partial<SummaryLabels> = {}): SummaryLabels => ({
  ownerName: (id) => (id === '7002' ? 'Evan Everything' : null),
  pipeline: null,
  stage: null,
  option: () => null,
  companyCurrency: null,
  ...over,
});

describe('record summaries', () => {
  it('a deal: labels by pipeline and stage, the amount as HubSpot wrote it, its own currency first', () => {
    const deal = { id: '22002', properties: { dealname: 'Ember expansion', pipeline: 'default', dealstage: 'contractsent', amount: '48000.50', deal_currency_code: 'EUR', closedate: '2024-02-15T00:00:00Z', hubspot_owner_id: '7002', hs_lastmodifieddate: '2024-01-02T00:00:00Z' }, updatedAt: null };
    const s = RecordSummary.parse(recordSummary('0-3', deal, labels({ pipeline: 'Sales Pipeline', stage: 'Contract Sent', companyCurrency: 'USD' })));
    expect(s).toEqual({
      object: 'deal',
      id: '22002',
      name: 'Ember expansion',
      pipeline: { id: 'default', label: 'Sales Pipeline' },
      stage: { id: 'contractsent', label: 'Contract Sent' },
      amount: { value: '48000.50', currency: 'EUR' },
      closeDate: '2024-02-15T00:00:00Z',
      owner: { id: '7002', name: 'Evan Everything' },
      updatedAt: '2024-01-02T00:00:00Z',
    });
  });

  it('a deal without a currency is in the company currency; unknown, the currency is null; no amount, no amount', () => {
    const props = { amount: '1500', deal_currency_code: '', pipeline: 'default', dealstage: 'x' };
    expect(recordSummary('0-3', { id: '1', properties: props, updatedAt: null }, labels({ companyCurrency: 'EUR' }))).toMatchObject({ amount: { value: '1500', currency: 'EUR' }, stage: { id: 'x', label: null } });
    expect(recordSummary('0-3', { id: '1', properties: props, updatedAt: null }, labels())).toMatchObject({ amount: { value: '1500', currency: null } });
    expect(recordSummary('0-3', { id: '1', properties: { amount: ' ' }, updatedAt: null }, labels())).toMatchObject({ amount: null, pipeline: null, stage: null, owner: null });
  });

  it('a company: industry labelled, the associated contacts count HubSpot calculated', () => {
    const company = { id: '21002', properties: { name: 'Ember Health', domain: 'ember.example', industry: 'HOSPITAL_HEALTH_CARE', num_associated_contacts: '2', hubspot_owner_id: null }, updatedAt: '2024-01-01T00:00:00Z' };
    const s = RecordSummary.parse(recordSummary('0-2', company, labels({ option: (p, v) => (p === 'industry' && v === 'HOSPITAL_HEALTH_CARE' ? 'Hospital & Health Care' : null) })));
    expect(s).toMatchObject({ object: 'company', name: 'Ember Health', industry: { id: 'HOSPITAL_HEALTH_CARE', label: 'Hospital & Health Care' }, associatedContacts: 2, owner: null, updatedAt: '2024-01-01T00:00:00Z' });
    for (const bad of ['', 'many', '-1', '2.5']) {
      expect(recordSummary('0-2', { ...company, properties: { num_associated_contacts: bad } }, labels())).toMatchObject({ associatedContacts: null });
    }
  });

  it('a ticket: priority from the portal’s options (an unknown one keeps its id), no owner', () => {
    const ticket = { id: '23002', properties: { subject: 'Invoice question', hs_pipeline: '0', hs_pipeline_stage: '2', hs_ticket_priority: 'URGENT' }, updatedAt: null };
    const s = RecordSummary.parse(recordSummary('0-5', ticket, labels({ pipeline: 'Support Pipeline', stage: 'Waiting on contact' })));
    expect(s).toEqual({ object: 'ticket', id: '23002', subject: 'Invoice question', pipeline: { id: '0', label: 'Support Pipeline' }, stage: { id: '2', label: 'Waiting on contact' }, priority: { id: 'URGENT', label: null }, owner: null, updatedAt: null });
  });

  it('a contact is the legacy summary, tagged', () => {
    const s = recordSummary('0-1', { id: '101', properties: { firstname: 'Olivia', lastmodifieddate: '2024-01-01T00:00:00Z' }, updatedAt: null }, labels());
    expect(RecordSummary.parse(s)).toMatchObject({ object: 'contact', id: '101', firstName: 'Olivia', email: null, updatedAt: '2024-01-01T00:00:00Z' });
  });

  it('every object reads its owner and last-modified property with the summary', () => {
    for (const [type, props] of Object.entries(SUMMARY_PROPERTIES)) {
      expect(props, type).toContain('hubspot_owner_id');
      expect(props, type).toContain(type === '0-1' ? 'lastmodifieddate' : 'hs_lastmodifieddate');
    }
  });
});
