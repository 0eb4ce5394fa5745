import { RecordView } from '../../contract/api/records';
import { MeResponse } from '../../contract/api/accounts';
import type { BackendClient } from '../backend-client';
import type { RecordRef } from '../messages';
import type { PanelData } from '../panel-data';

/**
 * Loads what the panel shows for one record: one backend request when signed in (the verdict,
 * who the rep is and the summary come together), and a reachability check when not. Every
 * failure becomes a panel state with guidance.
 */
export async function loadPanel(client: BackendClient, token: string | null, record: RecordRef): Promise<PanelData> {
  if (!token) {
    const health = await client.health();
    return health.ok
      ? { state: 'signed_out', backendUrl: client.baseUrl, reachable: true }
      : { state: 'signed_out', backendUrl: client.baseUrl, reachable: false, message: health.error.message };
  }
  const path = `/api/v1/portals/${record.portalId}/contacts/${record.recordId}/view`;
  const r = await client.request(path, { schema: RecordView });
  if (r.ok) return { state: 'ready', view: r.data };
  const { code, message } = r.error;
  // The view says who is signed in; only states without one ask for it, so the panel can still
  // say who you are. Nothing to ask when the backend is unreachable or the session is gone.
  const me = code === 'backend_unreachable' || code === 'unauthenticated' || code === 'session_expired' ? null : await client.request('/api/v1/me', { schema: MeResponse });
  const who = me?.ok ? { email: me.data.member.email, name: me.data.member.displayName, workspace: me.data.workspace.name } : null;
  switch (code) {
    case 'backend_unreachable':
      return { state: 'unreachable', backendUrl: client.baseUrl, message };
    case 'unauthenticated':
      return { state: 'signed_out', backendUrl: client.baseUrl, reachable: true };
    case 'session_expired':
      return { state: 'session_expired', backendUrl: client.baseUrl };
    case 'portal_not_connected':
      return { state: 'portal_not_connected', portalId: record.portalId, message, who };
    case 'needs_reconnect':
      return { state: 'needs_reconnect', portalId: record.portalId, message, who };
    case 'not_linked':
      return { state: 'not_linked', email: who?.email ?? null, message, who };
    default:
      return { state: 'error', code, message, who };
  }
}
