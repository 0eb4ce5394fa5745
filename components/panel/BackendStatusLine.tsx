import type { PanelState } from '../../lib/stores/panel-store';

interface Props {
  phase: PanelState['phase'];
  status: PanelState['status'];
  error: PanelState['error'];
  onRetry(): void;
}

/** One line saying whether Portside's server can be reached, and what to do when it cannot. */
export function BackendStatusLine({ phase, status, error, onRetry }: Props) {
  if (phase === 'loading' || phase === 'idle') {
    return <p className="ps-muted" data-testid="portside-backend" data-state="loading">Checking Portside's server…</p>;
  }
  if (phase === 'error' || !status) {
    return (
      <p className="ps-error" data-testid="portside-backend" data-state="error">
        {error?.message ?? 'Portside could not load.'}{' '}
        <button type="button" className="ps-link" onClick={onRetry}>Try again</button>
      </p>
    );
  }
  if (!status.backend.reachable) {
    return (
      <p className="ps-error" data-testid="portside-backend" data-state="unreachable">
        Can't reach Portside's server ({status.backendUrl}). {status.backend.error ?? ''}{' '}
        <button type="button" className="ps-link" onClick={onRetry}>Try again</button>
      </p>
    );
  }
  return (
    <p className="ps-ok" data-testid="portside-backend" data-state="reachable">
      Connected to Portside {status.backend.version ? `(${status.backend.version})` : ''}
    </p>
  );
}
