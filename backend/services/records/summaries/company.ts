import type { RecordSummary } from '../../../../lib/contract/api/records';
import { count, labelled, owner, text, type SummaryLabels, type CrmRecord } from './fields';

/**
 * `num_associated_contacts` is calculated by HubSpot and comes with the record read: the count
 * costs no associations call. Companies (like deals and tickets) have `hs_lastmodifieddate`.
 */
export const COMPANY_PROPERTIES = ['name', 'domain', 'industry', 'num_associated_contacts', 'hubspot_owner_id', 'hs_lastmodifieddate'] as const;

export function companySummary(r: CrmRecord, labels: SummaryLabels): Extract<RecordSummary, { object: 'company' }> {
  const p = r.properties;
  const industry = text(p.industry);
  return {
    object: 'company',
    id: r.id,
    name: text(p.name),
    domain: text(p.domain),
    industry: labelled(industry, industry === null ? null : labels.option('industry', industry)),
    owner: owner(p.hubspot_owner_id, labels),
    associatedContacts: count(p.num_associated_contacts),
    updatedAt: r.updatedAt ?? text(p.hs_lastmodifieddate),
  };
}
