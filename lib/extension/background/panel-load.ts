import { ObjectRecordView } from '../../contract/api/records';
import { MeResponse } from '../../contract/api/accounts';
import { ObjectNotAvailableDetails } from '../../contract/errors';
import { CRM_OBJECTS } from '../../contract/crm-objects';
import type { BackendClient } from '../backend-client';
import { recordPath, type RecordRef } from '../messages';
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
  const r = await client.request(`${recordPath(record)}/view`, { schema: ObjectRecordView });
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
    case 'object_not_available': {
      const details = ObjectNotAvailableDetails.safeParse(r.error.details);
      return {
        state: 'object_unavailable',
        objectType: record.objectTypeId,
        label: CRM_OBJECTS[record.objectTypeId].plural,
        message,
        missingScopes: details.success ? details.data.missingScopes : [],
        isAdmin: me?.ok === true && me.data.member.role === 'admin',
        who,
      };
    }
    default:
      return { state: 'error', code, message, who };
  }
}
