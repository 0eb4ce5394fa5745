import type { InstallHealth, InstallNotice, InstallStatusResponse, ObjectAvailability } from '../../../lib/contract/api/install';
import { CRM_OBJECT_TYPE_IDS, CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { objectAvailability } from '../../hubspot/objects';
import { ok, type Result } from '../../../lib/contract/errors';
import { compareScopes } from '../../hubspot/scopes';
import type { InstallDeps } from './deps';
import { missingOptional } from './diagnostics';
import { reconnectReason } from './reconnect-reason';
import { pipelineRulesNotices } from './pipeline-notice';
import { findInstallByWorkspace } from './store';
import { GLOBAL_API_BASE } from '../../hubspot/config';
import type { InstallRow } from '../../db/schema';

/** The install's state for anyone in the workspace, and its health (who, scopes, refresh, errors) for admins. */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function installStatus(deps: InstallDeps, caller: { workspaceId: string; role: 'admin' | 'member' }): Promise<Result<InstallStatusResponse>> {
  const row = await findInstallByWorkspace(deps.db, caller.workspaceId);
  if (!row) {
    return ok({ state: 'not_connected', portalId: null, hubDomain: null, message: 'HubSpot is not connected yet.', health: null });
  }
  const name = row.hub_domain ? `${row.hub_domain} (${row.portal_id})` : `portal ${row.portal_id}`;
  return ok({
    state: row.status,
    portalId: row.portal_id,
    hubDomain: row.hub_domain,
    message:
      row.status === 'connected'
        ? `Connected to HubSpot account ${name}.`
        : `The connection to HubSpot account ${name} needs reconnecting. ${reconnectReason(row)} Pending changes wait until then.`,
    health: caller.role === 'admin' ? await adminHealth(deps, row) : null,
  });
}

async function adminHealth(deps: InstallDeps, row: InstallRow): Promise<InstallHealth> {
  const h = health(deps, row, await memberEmail(deps, row.installed_by_member_id));
  return { ...h, notices: [...h.notices, ...(await pipelineRulesNotices(deps.db, row, h.objects))] };
}

async function memberEmail(deps: InstallDeps, memberId: string | null): Promise<string | null> {
  if (!memberId) return null;
  const m = await deps.db.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst();
  return m?.email ?? null;
}

/** `connectedBy`: the email of the admin who connected it, compared with the HubSpot user who approved (as installer-check.ts does). */
export function health(deps: InstallDeps, row: InstallRow, connectedBy: string | null): InstallHealth {
  const norm = (e: string) => e.trim().toLowerCase();
  const granted = row.granted_scopes.split(' ').filter(Boolean);
  const { missingRequired } = compareScopes(granted, deps.app.scopes, []);
  return {
    portalId: row.portal_id,
    hubDomain: row.hub_domain,
    installer: {
      email: row.installer_email,
      userId: row.installer_user_id,
      memberId: row.installed_by_member_id,
      memberEmail: connectedBy,
      matchesMember: connectedBy === null ? null : row.installer_email !== null && norm(row.installer_email) === norm(connectedBy),
    },
    installedAt: new Date(row.installed_at).toISOString(),
    grantedScopes: granted,
    missingRequiredScopes: missingRequired,
    missingOptionalScopes: missingOptional(row.missing_optional_scopes.split(' ').filter(Boolean)),
    objects: objectsAvailable(granted),
    accessExpiresAt: new Date(row.access_expires_at).toISOString(),
    lastRefreshAt: iso(row.last_refresh_at),
    lastSuccessAt: iso(row.last_success_at),
    lastError:
      row.last_error_at !== null && row.last_error_code !== null
        ? { at: new Date(row.last_error_at).toISOString(), code: row.last_error_code, message: row.last_error_message ?? '', correlationId: row.last_error_correlation_id }
        : null,
    notices: installNotices(row),
  };
}

/**
 * Which CRM objects the granted scopes open. An install made before companies, deals and tickets
 * were asked for simply lacks their scopes: that reads as "reconnect to add", never as an error.
 */
export function objectsAvailable(granted: readonly string[]): ObjectAvailability[] {
  return CRM_OBJECT_TYPE_IDS.map((t) => ({ objectType: t, label: CRM_OBJECTS[t].plural, ...objectAvailability(granted, t) }));
}

/** The install's notices, in words: each says what HubSpot reported and what to do. */
export function installNotices(row: InstallRow): InstallNotice[] {
  const out: InstallNotice[] = [];
  if (row.wrong_hublet && row.wrong_hublet_at !== null) {
    out.push({
      code: 'wrong_data_center',
      since: new Date(row.wrong_hublet_at).toISOString(),
      message: `HubSpot answered that this account lives in its ${row.wrong_hublet} data centre, not the one Portside's calls for it reached. Calls for this account fail; other accounts are not affected.`,
      whatToDo: `If HUBSPOT_API_BASE is a regional host, the operator should set HubSpot's global ${GLOBAL_API_BASE}, which serves every data centre. If the account moved to ${row.wrong_hublet} recently, reconnect HubSpot.`,
    });
  }
  if (row.permissions_api_refusal && row.permissions_api_refused_at !== null) {
    out.push({
      code: 'permissions_api_unavailable',
      since: new Date(row.permissions_api_refused_at).toISOString(),
      message: `HubSpot's record permission API is not available to this app (HubSpot answered ${row.permissions_api_refusal.replace('_', ' ')}). Record access follows each record's owner and team and the permission levels you set for members in Portside.`,
      whatToDo:
        row.permissions_api_refusal === 'missing_scopes'
          ? 'Reconnect HubSpot and grant the scope HubSpot named; until then set each member’s HubSpot permission levels in Portside (Members).'
          : 'The API is in beta and HubSpot does not offer it to every app: set each member’s HubSpot permission levels in Portside (Members) so access mirrors HubSpot.',
    });
  }
  return out;
}
