import type { TicketView } from '../../../lib/contract/api/install';
import { DiagnosticsBlock } from './DiagnosticsBlock';

interface Props {
  ticket: TicketView;
  onConfirm(replace: boolean): void;
  /** Starts a new install (a start HubSpot never answered, or one that expired). */
  onRetry(): void;
  busy: boolean;
}

/**
 * How the install went, in plain words, with what to do next and the support diagnostics.
 * HubSpot sends nothing back when it refuses an install, so a start with no answer after a while
 * is explained by the backend (`not_returned`) while the ticket keeps waiting: a late answer
 * still replaces this with its result.
 */
export function TicketResult({ ticket, onConfirm, onRetry, busy }: Props) {
  const waiting = ticket.status === 'pending' || ticket.status === 'started';
  if (waiting && ticket.outcome?.code !== 'not_returned') {
    return (
      <p role="status" className="ps-muted" data-testid="install-waiting">
        Finish connecting in the tab that just opened: choose “Continue to HubSpot” there, then approve. This page updates by itself.
      </p>
    );
  }
  const ok = ticket.status === 'succeeded';
  const retry = ticket.outcome?.code === 'not_returned' || ticket.status === 'expired';
  return (
    <div className={`ps-result ${ok ? 'ps-result-ok' : 'ps-result-fail'}`} role={ok ? 'status' : 'alert'} data-testid="install-result" data-status={ticket.status} data-outcome={ticket.outcome?.code ?? ''}>
      {ticket.outcome && (
        <>
          <p className="ps-result-title">{ticket.outcome.text.title}</p>
          <p>{ticket.outcome.text.explanation}</p>
          {ticket.outcome.text.whatToDo && <p><strong>What to do:</strong> {ticket.outcome.text.whatToDo}</p>}
        </>
      )}
      {ticket.installer && !ticket.installer.matches && (
        <p className="ps-error" data-testid="installer-mismatch">
          Installed by HubSpot user {ticket.installer.hubspotEmail ?? 'with no email'}
          {ticket.installer.hubspotUserId ? ` (user id ${ticket.installer.hubspotUserId})` : ''}, not by you ({ticket.installer.adminEmail}). If you did not ask this person to approve
          it, disconnect HubSpot.
        </p>
      )}
      {ticket.status === 'expired' && !ticket.outcome && <p>This connection attempt expired. Start again.</p>}
      {waiting && <p className="ps-muted" data-testid="install-still-waiting">Still listening: if HubSpot does send the connection, this page shows it.</p>}
      {retry && (
        <p>
          <button type="button" onClick={onRetry} disabled={busy} data-testid="install-retry">Try again</button>
        </p>
      )}
      {ticket.status === 'confirm_required' && ticket.confirmation && (
        <div className="ps-confirm" data-testid="install-confirm">
          <p>
            Your workspace is connected to portal {ticket.confirmation.currentPortalId}. Replace it with portal {ticket.confirmation.newPortalId}
            {ticket.confirmation.newHubDomain ? ` (${ticket.confirmation.newHubDomain})` : ''}? Reps will then see that portal's records.
          </p>
          <button type="button" disabled={busy} onClick={() => onConfirm(true)}>Replace portal</button>{' '}
          <button type="button" className="ps-secondary" disabled={busy} onClick={() => onConfirm(false)}>Keep the current one</button>
        </div>
      )}
      <DiagnosticsBlock ticket={ticket} />
    </div>
  );
}
