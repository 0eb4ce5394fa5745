import type { RecordSummary } from '../../../../lib/contract/api/records';
import { labelled, owner, text, type SummaryLabels, type CrmRecord } from './fields';

export const TICKET_PROPERTIES = ['subject', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority', 'hubspot_owner_id', 'hs_lastmodifieddate'] as const;

/** Priority labels come from the portal's definition (portals add levels such as URGENT). */
export function ticketSummary(r: CrmRecord, labels: SummaryLabels): Extract<RecordSummary, { object: 'ticket' }> {
  const p = r.properties;
  const priority = text(p.hs_ticket_priority);
  return {
    object: 'ticket',
    id: r.id,
    subject: text(p.subject),
    pipeline: labelled(p.hs_pipeline, labels.pipeline),
    stage: labelled(p.hs_pipeline_stage, labels.stage),
    priority: labelled(priority, priority === null ? null : labels.option('hs_ticket_priority', priority)),
    owner: owner(p.hubspot_owner_id, labels),
    updatedAt: r.updatedAt ?? text(p.hs_lastmodifieddate),
  };
}
