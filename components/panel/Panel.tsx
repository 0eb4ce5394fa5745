import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { PanelStore } from '../../lib/extension/stores/panel-store';
import type { WritesStore } from '../../lib/extension/stores/writes-store';
import { followDeliveries } from '../../lib/extension/stores/follow-deliveries';
import type { SendMessage } from '../../lib/extension/ask';
import { PanelBody } from './PanelBody';
import { CRM_OBJECTS } from '../../lib/contract/crm-objects';
import './panel.css';

/**
 * The Portside panel beside a HubSpot contact, company, deal or ticket record. It renders only what the store holds; all
 * talking to the background happens in the store, so this stays free of browser APIs.
 */
export function Panel({ store, writes, send, onLayout }: { store: PanelStore; writes: WritesStore; send: SendMessage; onLayout?(open: boolean | null): void }) {
  const record = useStore(store, (s) => s.record);
  const [open, setOpen] = useState(true);
  // The host page makes room for the panel (open or collapsed) and gets it back when it goes.
  useEffect(() => {
    onLayout?.(record ? open : null);
  }, [onLayout, record, open]);
  useEffect(() => () => onLayout?.(null), [onLayout]);
  // A delivered edit reloads the view, so what the panel shows is HubSpot's value again.
  useEffect(() => followDeliveries(store, writes), [store, writes]);
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
          <PanelBody store={store} writes={writes} send={send} />
          <p className="ps-footer">
            {/* `portside-contact` names the record id whatever its object (tests and the bench read it). */}
            Portal <span data-testid="portside-portal">{record.portalId}</span> · {CRM_OBJECTS[record.objectTypeId].label}{' '}
            <span data-testid="portside-contact" data-object-type={record.objectTypeId}>
              {record.recordId}
            </span>
          </p>
        </div>
      )}
    </aside>
  );
}
