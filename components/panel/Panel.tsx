import { useState } from 'react';
import { useStore } from 'zustand';
import type { PanelStore } from '../../lib/stores/panel-store';
import { BackendStatusLine } from './BackendStatusLine';
import './panel.css';

/**
 * The Portside panel beside a HubSpot contact record. It renders only what the store holds; all
 * talking to the background happens in the store, so this stays free of browser APIs.
 */
export function Panel({ store }: { store: PanelStore }) {
  const record = useStore(store, (s) => s.record);
  const phase = useStore(store, (s) => s.phase);
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const refresh = useStore(store, (s) => s.refresh);
  const [open, setOpen] = useState(true);
  if (!record) return null;

  return (
    <aside className={`ps-panel ${open ? 'ps-open' : 'ps-closed'}`} aria-label="Portside" data-testid="portside-panel">
      <header className="ps-header">
        <h2 className="ps-title">Portside</h2>
        <button
          type="button"
          className="ps-icon-button"
          aria-expanded={open}
          aria-controls="ps-panel-body"
          aria-label={open ? 'Collapse Portside panel' : 'Expand Portside panel'}
          onClick={() => setOpen(!open)}
        >
          {open ? '›' : '‹'}
        </button>
      </header>
      {open && (
        <div id="ps-panel-body" className="ps-body">
          <dl className="ps-facts" data-testid="portside-record">
            <div>
              <dt>Portal</dt>
              <dd data-testid="portside-portal">{record.portalId}</dd>
            </div>
            <div>
              <dt>Contact</dt>
              <dd data-testid="portside-contact">{record.recordId}</dd>
            </div>
          </dl>
          <div role="status" aria-live="polite" className="ps-status">
            <BackendStatusLine phase={phase} status={status} error={error} onRetry={refresh} />
          </div>
        </div>
      )}
    </aside>
  );
}
