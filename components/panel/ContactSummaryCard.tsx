import type { ContactSummary } from '../../lib/contract/api/records';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';

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

const lifecycle = (v: string | null) => (v ? (LIFECYCLE[v] ?? v) : null);

/**
 * The contact at a glance. Values are rendered as text only (React escapes them). A value the rep
 * just saved is shown instead of the view's, marked while HubSpot does not have it yet.
 */
export function ContactSummaryCard({ contact, overlay = {} }: { contact: ContactSummary; overlay?: EditOverlay }) {
  const value = (property: string, fromView: string | null) => (property in overlay ? overlay[property]!.value : fromView);
  const pending = (property: string) => overlay[property]?.inHubSpot === false;
  const first = value('firstname', contact.firstName);
  const last = value('lastname', contact.lastName);
  const email = value('email', contact.email);
  const name = [first, last].filter(Boolean).join(' ') || email || `Contact ${contact.id}`;
  const rows: Array<[string, string | null, boolean]> = [
    ['Email', email, pending('email')],
    ['Phone', value('phone', contact.phone), pending('phone')],
    ['Company', value('company', contact.company), pending('company')],
    ['Lifecycle stage', lifecycle(value('lifecyclestage', contact.lifecycleStage)), pending('lifecyclestage')],
    ['Owner', contact.owner ? (contact.owner.name ?? `Owner ${contact.owner.id}`) : 'Unassigned', false],
  ];
  return (
    <section className="ps-summary" aria-label="Contact summary" data-testid="portside-summary">
      <h3 className="ps-name" data-testid="portside-contact-name">{name}</h3>
      {(pending('firstname') || pending('lastname')) && <p className="ps-pending ps-small">Name saved, not yet in HubSpot</p>}
      <dl className="ps-rows">
        {rows.map(([label, shown, isPending]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={shown ? '' : 'ps-muted'} data-testid={`portside-summary-${label.toLowerCase().replace(/ /g, '-')}`}>
              {shown ?? '—'}
              {isPending && <span className="ps-pending ps-small"> · saved, not yet in HubSpot</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
