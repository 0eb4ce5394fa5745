import type { RecordAccess } from '../../lib/contract/api/records';

/** The rep's verdict for this record, in HubSpot's words where possible, with the reason. */
export function AccessBadge({ access, noun = 'contact', unverifiedLink = false }: { access: RecordAccess; noun?: string; unverifiedLink?: boolean }) {
  const level = access.canEdit.allowed ? 'edit' : access.canView.allowed ? 'view' : 'none';
  const label = level === 'edit' ? 'You can edit' : level === 'view' ? 'View only' : 'No access';
  const reason = level === 'edit' ? access.canEdit.message : level === 'view' ? access.canEdit.message : access.canView.message;
  return (
    <div className={`ps-access ps-access-${level}`} role="group" aria-label={`Your access to this ${noun}`} data-testid="portside-access" data-state={level}>
      <span className="ps-pill">{label}</span>
      <span className="ps-reason" data-testid="portside-access-reason">{reason}</span>
      {access.sourceNote && (
        <span className="ps-reason" data-testid="portside-access-source">
          {access.sourceNote}
        </span>
      )}
      {unverifiedLink && (
        <span className="ps-reason" data-testid="portside-link-unverified">
          Unverified link — not proven by email. Your admin linked you to this HubSpot user; prove it in Portside's options.
        </span>
      )}
    </div>
  );
}
