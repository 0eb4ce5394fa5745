import type { ContactSummary } from '../../lib/api/records';

const LIFECYCLE: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing qualified lead',
  salesqualifiedlead: 'Sales qualified lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  other: 'Other',
};

/** The contact at a glance. Values are rendered as text only (React escapes them). */
export function ContactSummaryCard({ contact }: { contact: ContactSummary }) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || `Contact ${contact.id}`;
  const rows: Array<[string, string | null]> = [
    ['Email', contact.email],
    ['Phone', contact.phone],
    ['Company', contact.company],
    ['Lifecycle stage', contact.lifecycleStage ? (LIFECYCLE[contact.lifecycleStage] ?? contact.lifecycleStage) : null],
    ['Owner', contact.owner ? (contact.owner.name ?? `Owner ${contact.owner.id}`) : 'Unassigned'],
  ];
  return (
    <section className="ps-summary" aria-label="Contact summary" data-testid="portside-summary">
      <h3 className="ps-name" data-testid="portside-contact-name">{name}</h3>
      <dl className="ps-rows">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={value ? '' : 'ps-muted'}>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
