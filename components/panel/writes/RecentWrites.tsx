import type { WriteView } from '../../../lib/contract/api/writes';
import { writeSummary } from './write-summary';

const STATUS_LABEL: Record<WriteView['status'], string> = {
  pending_check: 'Checking access',
  pending: 'Pending',
  delivering: 'Sending',
  done: 'In HubSpot',
  failed: 'Failed',
};

function waitingText(w: WriteView, noun: string): string | null {
  if (w.status === 'pending_check') return `Saved. Portside is checking your access to this ${noun} in HubSpot, then sends it.`;
  if (!w.waiting || w.waiting.reason === 'queued') return null;
  return w.waiting.lastError?.message ?? 'Waiting to be sent; Portside will retry.';
}

/** The rep's recent writes on this record: pending → in HubSpot, or failed with the reason. */
export function RecentWrites({ noun = 'contact', writes, onRetry, history = false, labels = {} }: { noun?: string; writes: WriteView[]; onRetry(id: string): void; history?: boolean; labels?: Record<string, string> }) {
  if (writes.length === 0) return null;
  // Admins get every member's writes on the record (its history); reps see their own.
  const title = history ? "This record's history in Portside" : 'Your recent changes';
  return (
    <section className="ps-writes" aria-label={title} data-testid="portside-writes">
      <h3 className="ps-subtitle">{title}</h3>
      <ul>
        {writes.slice(0, 8).map((w) => (
          <li key={w.id} data-testid="portside-write" data-status={w.status}>
            <span className={`ps-status ps-status-${w.status}`}>{STATUS_LABEL[w.status]}</span> <span className="ps-write-summary">{writeSummary(w, labels)}</span>
            {(w.status === 'pending' || w.status === 'pending_check') && waitingText(w, noun) && <p className="ps-muted ps-small">{waitingText(w, noun)}</p>}
            {w.status === 'failed' && w.error && (
              <div className="ps-write-error">
                <p>{w.error.message}</p>
                {w.error.adminAction && <p className="ps-muted ps-small">For your admin: {w.error.adminAction}</p>}
                {w.error.retryable && (
                  <button type="button" className="ps-link" onClick={() => onRetry(w.id)} data-testid="portside-write-retry">
                    Retry
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
