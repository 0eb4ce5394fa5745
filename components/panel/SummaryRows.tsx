import type { ReactNode } from 'react';
import type { EditOverlay } from '../../lib/extension/stores/edit-overlay';

/** One row of a summary card: label, what to show (null → "—"), and whether it is the rep's unsent edit. */
export interface SummaryRow {
  label: string;
  shown: ReactNode | null;
  pending?: boolean;
  title?: string;
}

/** A value the rep just saved wins over the view's, marked while HubSpot does not have it yet. */
export function overlaid(overlay: EditOverlay) {
  return {
    value: (property: string, fromView: string | null) => (property in overlay ? overlay[property]!.value : fromView),
    pending: (property: string) => overlay[property]?.inHubSpot === false,
  };
}

/** An id HubSpot stores with its label; the id itself when HubSpot's list has no label for it. */
export const labelled = (v: { id: string; label: string | null } | null) => (v ? (v.label ?? v.id) : null);
export const unlabelledTitle = (v: { id: string; label: string | null } | null) =>
  v && v.label === null ? `HubSpot's list has no label for "${v.id}"` : undefined;

export const ownerText = (owner: { id: string; name: string | null } | null) => (owner ? (owner.name ?? `Owner ${owner.id}`) : 'Unassigned');

/** The card around rows; values are text only (React escapes them). */
export function SummaryCard({ label, name, rows, namePending }: { label: string; name: string; rows: SummaryRow[]; namePending?: boolean }) {
  return (
    <section className="ps-summary" aria-label={`${label} summary`} data-testid="portside-summary" data-object={label.toLowerCase()}>
      <h3 className="ps-name" data-testid="portside-record-name">{name}</h3>
      {namePending && <p className="ps-pending ps-small">Name saved, not yet in HubSpot</p>}
      <dl className="ps-rows">
        {rows.map(({ label: rowLabel, shown, pending, title }) => (
          <div key={rowLabel}>
            <dt>{rowLabel}</dt>
            <dd className={shown ? '' : 'ps-muted'} title={title} data-testid={`portside-summary-${rowLabel.toLowerCase().replace(/ /g, '-')}`}>
              {shown ?? '—'}
              {pending && <span className="ps-pending ps-small"> · saved, not yet in HubSpot</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
