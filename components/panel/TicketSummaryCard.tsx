import type { RecordSummary } from '../../lib/contract/api/records';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';
import { labelled, overlaid, ownerText, SummaryCard, unlabelledTitle } from './SummaryRows';

type Ticket = Extract<RecordSummary, { object: 'ticket' }>;

/** The ticket at a glance: subject, pipeline and stage, priority (the portal's own labels), owner. */
export function TicketSummaryCard({ ticket, overlay = {} }: { ticket: Ticket; overlay?: EditOverlay }) {
  const { value, pending } = overlaid(overlay);
  return (
    <SummaryCard
      label="Ticket"
      name={value('subject', ticket.subject) || `Ticket ${ticket.id}`}
      namePending={pending('subject')}
      rows={[
        { label: 'Pipeline', shown: labelled(ticket.pipeline), title: unlabelledTitle(ticket.pipeline) },
        { label: 'Stage', shown: labelled(ticket.stage), title: unlabelledTitle(ticket.stage) },
        { label: 'Priority', shown: labelled(ticket.priority), title: unlabelledTitle(ticket.priority) },
        { label: 'Owner', shown: ownerText(ticket.owner) },
      ]}
    />
  );
}
