import { useStore } from 'zustand';
import type { PanelStore } from '../../lib/extension/stores/panel-store';
import { AccessBadge } from './AccessBadge';
import { RecordSummary } from './RecordSummary';
import { CRM_OBJECTS } from '../../lib/contract/crm-objects';
import { Notice } from './Notice';
import { WritePanel } from './writes/WritePanel';
import type { SendMessage } from '../../lib/extension/ask';
import type { WritesStore } from '../../lib/extension/stores/writes-store';
import type { PanelData } from '../../lib/extension/panel-data';
import type { HubSpotRecordRef } from '../../lib/extension/hubspot-url';
import { editOverlay, type EditOverlay } from '../../lib/extension/stores/edit-overlay';

/** One state at a time, each saying what it means and what to do next. */
export function PanelBody({ store, writes, send }: { store: PanelStore; writes: WritesStore; send: SendMessage }) {
  const { record, phase, data, offline, retrying, hubspotDenied, refresh, openOptions, requestedAt } = useStore(store);
  const ownWrites = useStore(writes, (s) => s.writes);
  const doneSeenAt = useStore(writes, (s) => s.doneSeenAt);
  const overlay = editOverlay(ownWrites, doneSeenAt, requestedAt);

  const noun = record ? CRM_OBJECTS[record.objectTypeId].singular : 'record';
  if (hubspotDenied) {
    return <Notice state="hubspot_denied" tone="muted">HubSpot shows you no access to this {noun}, so Portside shows nothing either.</Notice>;
  }
  if (phase !== 'loaded' || !data) {
    return (
      <div role="status" aria-live="polite" className="ps-loading" data-testid="portside-state" data-state="loading">
        Checking your access…
      </div>
    );
  }
  const whoLine = 'who' in data && data.who && (
    <p className="ps-viewer ps-muted" data-testid="portside-viewer">
      Signed in as {data.who.name ? `${data.who.name} (${data.who.email})` : data.who.email} · {data.who.workspace}
    </p>
  );
  return (
    <>
      {whoLine}
      <StateView data={data} offline={offline} retrying={retrying} record={record} writes={writes} send={send} refresh={refresh} openOptions={openOptions} overlay={overlay} />
    </>
  );
}

interface StateProps {
  data: PanelData;
  offline: boolean;
  retrying: boolean;
  record: HubSpotRecordRef | null;
  writes: WritesStore;
  send: SendMessage;
  refresh(): void;
  openOptions(): void;
  /** The rep's own edits the view may not show yet. */
  overlay: EditOverlay;
}

function StateView({ data, offline, retrying, record, writes, send, refresh, openOptions, overlay }: StateProps) {
  const noun = record ? CRM_OBJECTS[record.objectTypeId].singular : 'record';
  const serverSettings = { label: 'Server settings', onClick: openOptions, testId: 'portside-open-settings' };
  const offlineBanner = offline && data.state !== 'unreachable' && (
    <p className="ps-banner" role="status" data-testid="portside-offline">
      Can't reach Portside's server — showing the last known state. Retrying…
    </p>
  );
  switch (data.state) {
    case 'signed_out':
      return data.reachable ? (
        <Notice state="signed_out" action={{ label: 'Sign in', onClick: openOptions }}>
          Sign in to Portside to see your access to this {noun}.
        </Notice>
      ) : (
        <Notice state="unreachable" tone="error" action={{ label: 'Try again', onClick: refresh }} secondary={serverSettings}>
          Can't reach Portside's server ({data.backendUrl}). Check your connection, or the server address your admin gave you.
        </Notice>
      );
    case 'session_expired':
      return (
        <Notice state="session_expired" action={{ label: 'Sign in again', onClick: openOptions }}>
          Your Portside session has ended. Sign in again; nothing you typed here is lost.
        </Notice>
      );
    case 'unreachable':
      return (
        <Notice state="unreachable" tone="error" action={{ label: 'Try again now', onClick: refresh }} secondary={serverSettings}>
          Can't reach Portside's server ({data.backendUrl}). Retrying automatically…
        </Notice>
      );
    case 'portal_not_connected':
      return (
        <Notice state="portal_not_connected">
          HubSpot portal {data.portalId} isn't connected to your Portside workspace. Ask your Portside admin to connect it.
        </Notice>
      );
    case 'needs_reconnect':
      return <Notice state="needs_reconnect" tone="error">{data.message}</Notice>;
    case 'not_linked':
      return <Notice state="not_linked">{data.message}</Notice>;
    case 'object_unavailable': {
      const scopes = data.missingScopes.length > 0 ? ` (${data.missingScopes.join(', ')})` : '';
      return data.isAdmin ? (
        <Notice state="object_unavailable" action={{ label: 'Reconnect in options', onClick: openOptions }}>
          {data.label} aren't connected to Portside: HubSpot didn't grant access to them{scopes}. Reconnect HubSpot from Portside's options to add {data.label.toLowerCase()}.
        </Notice>
      ) : (
        <Notice state="object_unavailable">
          {data.label} aren't connected to Portside yet. Ask your Portside admin to reconnect HubSpot with {data.label.toLowerCase()}.
        </Notice>
      );
    }
    case 'error':
      return (
        <Notice state="error" tone={retrying ? 'info' : 'error'} action={{ label: retrying ? 'Try again now' : 'Try again', onClick: refresh }}>
          {data.message}
          {retrying && ' Trying again automatically…'}
        </Notice>
      );
    case 'ready': {
      const { view } = data;
      const who = view.viewer.hubspotUser;
      return (
        <div data-testid="portside-state" data-state="ready">
          {offlineBanner}
          <p className="ps-viewer" data-testid="portside-viewer">
            Signed in as <strong>{who?.name ?? view.viewer.email}</strong>
            {who ? <span className="ps-muted"> · {who.email}</span> : null}
          </p>
          <AccessBadge access={view.access} noun={CRM_OBJECTS[view.objectType].singular} unverifiedLink={view.viewer.hubspotUser?.linkEvidence === 'unverified'} />
          {view.summary ? <RecordSummary summary={view.summary} overlay={overlay} /> : null}
          {view.access.canEdit.allowed && record ? <WritePanel send={send} record={record} writes={writes} viewer={{ memberId: view.viewer.memberId, email: view.viewer.email }} current={view.editableValues ?? {}} overlay={overlay} isAdmin={view.viewer.role === 'admin'} /> : null}
        </div>
      );
    }
  }
}
