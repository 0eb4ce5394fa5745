import type { RecordSummary } from '../../lib/contract/api/records';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';
import { formatAmount } from './format-amount';
import { labelled, overlaid, ownerText, SummaryCard, unlabelledTitle } from './SummaryRows';

type Deal = Extract<RecordSummary, { object: 'deal' }>;

/** HubSpot keeps close dates at midnight UTC: shown in UTC so no time zone moves them a day. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** The deal at a glance: pipeline and stage by their labels, amount in its currency, close date, owner. */
export function DealSummaryCard({ deal, overlay = {} }: { deal: Deal; overlay?: EditOverlay }) {
  const { value, pending } = overlaid(overlay);
  const amountValue = value('amount', deal.amount?.value ?? null);
  const amount = amountValue ? formatAmount({ value: amountValue, currency: deal.amount?.currency ?? null }) : null;
  return (
    <SummaryCard
      label="Deal"
      name={value('dealname', deal.name) || `Deal ${deal.id}`}
      namePending={pending('dealname')}
      rows={[
        { label: 'Pipeline', shown: labelled(deal.pipeline), title: unlabelledTitle(deal.pipeline) },
        { label: 'Stage', shown: labelled(deal.stage), title: unlabelledTitle(deal.stage) },
        { label: 'Amount', shown: amount?.text ?? null, title: amount?.title, pending: pending('amount') },
        { label: 'Close date', shown: formatDate(value('closedate', deal.closeDate)), pending: pending('closedate') },
        { label: 'Owner', shown: ownerText(deal.owner) },
      ]}
    />
  );
}
