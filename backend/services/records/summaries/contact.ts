import type { ContactSummary } from '../../../../lib/contract/api/records';
import { owner, text, type SummaryLabels, type CrmRecord } from './fields';

/** The contact properties the panel's summary shows (read together with the ownership ones). */
export const CONTACT_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'company', 'lifecyclestage', 'hubspot_owner_id', 'lastmodifieddate'] as const;

export function contactSummary(contact: CrmRecord, labels: Pick<SummaryLabels, 'ownerName'>): ContactSummary {
  const p = contact.properties;
  return {
    id: contact.id,
    firstName: text(p.firstname),
    lastName: text(p.lastname),
    email: text(p.email),
    phone: text(p.phone),
    company: text(p.company),
    lifecycleStage: text(p.lifecyclestage),
    owner: owner(p.hubspot_owner_id, labels),
    updatedAt: contact.updatedAt ?? text(p.lastmodifieddate),
  };
}
