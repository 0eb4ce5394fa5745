import type { RecordSummary as Summary } from '../../lib/contract/api/records';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';
import { ContactSummaryCard } from './ContactSummaryCard';
import { CompanySummaryCard } from './CompanySummaryCard';
import { DealSummaryCard } from './DealSummaryCard';
import { TicketSummaryCard } from './TicketSummaryCard';

/** The record at a glance, with the card of its object. */
export function RecordSummary({ summary, overlay }: { summary: Summary; overlay?: EditOverlay }) {
  switch (summary.object) {
    case 'contact':
      return <ContactSummaryCard contact={summary} overlay={overlay} />;
    case 'company':
      return <CompanySummaryCard company={summary} overlay={overlay} />;
    case 'deal':
      return <DealSummaryCard deal={summary} overlay={overlay} />;
    case 'ticket':
      return <TicketSummaryCard ticket={summary} overlay={overlay} />;
  }
}
