import { introspectToken } from '../../hubspot/oauth-introspect';
import { compareScopes, describeScope } from '../../hubspot/scopes';
import { failureDetail, failureMeaning, row, type CheckRow } from './row';
import type { CheckWiring } from './setup';

/**
 * The install's token as HubSpot sees it: a fresh access token from the install service (which
 * refreshes it the way the server does), introspected (backend/hubspot/oauth-introspect.ts).
 * Then the scopes HubSpot granted against what this server requires and would like. The token
 * itself is held in memory for the one call and never printed.
 */
export interface TokenFacts {
  rows: CheckRow[];
  /** Scopes HubSpot says the token has (empty when introspection failed). */
  granted: string[];
  /** False when no token could be had at all: the remaining probes cannot run. */
  usable: boolean;
}

export async function tokenRows(w: CheckWiring, workspaceId: string, portalId: string): Promise<TokenFacts> {
  const token = await w.install.accessToken(workspaceId);
  if (!token.ok) {
    return { rows: [row('token', 'fail', failureDetail(token), failureMeaning(token))], granted: [], usable: false };
  }
  const info = await introspectToken(w.app, token.data.accessToken);
  if (!info.ok) return { rows: [row('token introspection', 'fail', failureDetail(info), failureMeaning(info))], granted: [], usable: true };
  if (!info.data.active) {
    return { rows: [row('token introspection', 'fail', 'active false', 'HubSpot no longer accepts the install\'s token: an admin must reconnect HubSpot.')], granted: [], usable: false };
  }
  const t = info.data;
  const rows: CheckRow[] = [];
  const appId = t.appId === null ? '' : `, app ${t.appId}`;
  const detail = `active, ${t.tokenUse}, hub ${t.hubId}${appId}, user ${t.userId ?? '?'}, ${t.expiresIn ?? '?'} s left`;
  if (String(t.hubId) !== portalId) rows.push(row('token introspection', 'fail', detail, `The token belongs to portal ${t.hubId}, not the installed portal ${portalId}.`));
  else if (w.app.appId !== null && t.appId !== null && t.appId !== w.app.appId) rows.push(row('token introspection', 'fail', detail, `The token was issued to app ${t.appId}, not HUBSPOT_APP_ID ${w.app.appId}.`));
  else rows.push(row('token introspection', 'ok', detail, 'HubSpot accepts the install\'s token for this portal.'));

  const { missingRequired, missingOptional } = compareScopes(t.scopes, w.app.scopes, w.app.optionalScopes);
  const asked = new Set([...w.app.scopes, ...w.app.optionalScopes]);
  const extra = t.scopes.filter((s) => !asked.has(s));
  const scopeDetail = [
    `granted ${t.scopes.length}`,
    `required ${w.app.scopes.length - missingRequired.length}/${w.app.scopes.length}`,
    `optional ${w.app.optionalScopes.length - missingOptional.length}/${w.app.optionalScopes.length}`,
    missingRequired.length ? `missing required: ${missingRequired.join(' ')}` : '',
    missingOptional.length ? `missing optional: ${missingOptional.join(' ')}` : '',
    extra.length ? `${extra.length} not asked for: ${extra.slice(0, 5).join(' ')}${extra.length > 5 ? ' …' : ''}` : '',
  ].filter(Boolean).join('; ');
  if (missingRequired.length) rows.push(row('scopes', 'fail', scopeDetail, `Reinstall to grant ${missingRequired.join(', ')}: ${describeScope(missingRequired[0]!).effect}`));
  else if (missingOptional.length) rows.push(row('scopes', 'warn', scopeDetail, missingOptional.map((s) => `${describeScope(s).feature} is off`).join('; ') + ' (the portal\'s plan or the installer did not grant it).'));
  else rows.push(row('scopes', 'ok', scopeDetail, 'Every scope Portside asks for was granted.'));
  return { rows, granted: t.scopes, usable: true };
}
