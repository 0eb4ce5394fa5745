import type { RecordSummary } from '../../lib/contract/api/records';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';
import { labelled, overlaid, ownerText, SummaryCard, unlabelledTitle } from './SummaryRows';

type Company = Extract<RecordSummary, { object: 'company' }>;

/** The company at a glance: its name, domain, industry, owner and how many contacts it has. */
export function CompanySummaryCard({ company, overlay = {} }: { company: Company; overlay?: EditOverlay }) {
  const { value, pending } = overlaid(overlay);
  const domain = value('domain', company.domain);
  const name = value('name', company.name) || domain || `Company ${company.id}`;
  return (
    <SummaryCard
      label="Company"
      name={name}
      namePending={pending('name')}
      rows={[
        { label: 'Domain', shown: domain, pending: pending('domain') },
        { label: 'Industry', shown: labelled(company.industry), title: unlabelledTitle(company.industry) },
        { label: 'Owner', shown: ownerText(company.owner) },
        { label: 'Contacts', shown: company.associatedContacts === null ? null : String(company.associatedContacts) },
      ]}
    />
  );
}
