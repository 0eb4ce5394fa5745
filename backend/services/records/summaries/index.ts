import type { RecordSummary } from '../../../../lib/contract/api/records';
import type { CrmObjectTypeId } from '../../../../lib/contract/crm-objects';
import { COMPANY_PROPERTIES, companySummary } from './company';
import { CONTACT_PROPERTIES, contactSummary } from './contact';
import { DEAL_PROPERTIES, dealSummary } from './deal';
import type { CrmRecord, SummaryLabels } from './fields';
import { TICKET_PROPERTIES, ticketSummary } from './ticket';

/** The properties each object's summary shows, read with the ownership ones in the view's one record read. */
export const SUMMARY_PROPERTIES: Record<CrmObjectTypeId, readonly string[]> = {
  '0-1': CONTACT_PROPERTIES,
  '0-2': COMPANY_PROPERTIES,
  '0-3': DEAL_PROPERTIES,
  '0-5': TICKET_PROPERTIES,
};

/** The enumeration properties whose value labels a summary shows, per object. */
export const OPTION_PROPERTIES: Record<CrmObjectTypeId, readonly string[]> = {
  '0-1': [],
  '0-2': ['industry'],
  '0-3': [],
  '0-5': ['hs_ticket_priority'],
};

export function recordSummary(type: CrmObjectTypeId, record: CrmRecord, labels: SummaryLabels): RecordSummary {
  switch (type) {
    case '0-1':
      return { object: 'contact', ...contactSummary(record, labels) };
    case '0-2':
      return companySummary(record, labels);
    case '0-3':
      return dealSummary(record, labels);
    case '0-5':
      return ticketSummary(record, labels);
  }
}

export type { CrmRecord, SummaryLabels } from './fields';
