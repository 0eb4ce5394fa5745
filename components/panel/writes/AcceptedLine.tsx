import type { WriteView } from '../../../lib/contract/api/writes';

/**
 * The line under a form after the backend accepted its write. It follows that write's delivery, so
 * it never says "sending" about something HubSpot already has, or that failed.
 */
export function AcceptedLine({ what, write }: { what: string; write: WriteView | undefined }) {
  if (write?.status === 'done') {
    return <p className="ps-ok" role="status" data-testid="portside-accepted" data-status="done">{what} is in HubSpot.</p>;
  }
  if (write?.status === 'failed') {
    return <p className="ps-not-sent" role="status" data-testid="portside-accepted" data-status="failed">{what} was not sent to HubSpot — the reason is under your recent changes.</p>;
  }
  if (write?.status === 'pending_check') {
    return <p className="ps-ok" role="status" data-testid="portside-accepted" data-status="pending_check">{what} saved — checking your access, then sending to HubSpot.</p>;
  }
  return <p className="ps-ok" role="status" data-testid="portside-accepted" data-status="pending">{what} saved — sending to HubSpot.</p>;
}
