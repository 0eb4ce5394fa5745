import type { RecordSummary } from '../../../../lib/contract/api/records';
import { labelled, owner, text, type SummaryLabels, type CrmRecord } from './fields';

export const DEAL_PROPERTIES = ['dealname', 'pipeline', 'dealstage', 'amount', 'deal_currency_code', 'closedate', 'hubspot_owner_id', 'hs_lastmodifieddate'] as const;

/**
 * The amount stays HubSpot's decimal string (the panel formats it; no float rounding here). A
 * deal without `deal_currency_code` is in the portal's company currency; null when that is not
 * known either, and the panel says so rather than guess a symbol.
 */
export function dealSummary(r: CrmRecord, labels: SummaryLabels): Extract<RecordSummary, { object: 'deal' }> {
  const p = r.properties;
  const amount = text(p.amount);
  return {
    object: 'deal',
    id: r.id,
    name: text(p.dealname),
    pipeline: labelled(p.pipeline, labels.pipeline),
    stage: labelled(p.dealstage, labels.stage),
    amount: amount === null ? null : { value: amount, currency: text(p.deal_currency_code) ?? labels.companyCurrency },
    closeDate: text(p.closedate),
    owner: owner(p.hubspot_owner_id, labels),
    updatedAt: r.updatedAt ?? text(p.hs_lastmodifieddate),
  };
}
