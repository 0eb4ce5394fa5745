import type { InstallHealth } from '../../../lib/contract/api/install';

const NOTICE_TITLE: Record<InstallHealth['notices'][number]['code'], string> = {
  wrong_data_center: 'Data centre',
  permissions_api_unavailable: 'Record permissions',
  pipeline_rules_missing: 'Pipeline settings',
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** The connected portal's health, for admins. */
export function InstallHealthView({ health }: { health: InstallHealth }) {
  return (
    <dl className="ps-diag" data-testid="install-health">
      <dt>Portal</dt>
      <dd>
        {health.portalId}
        {health.hubDomain ? ` · ${health.hubDomain}` : ''}
      </dd>
      <dt>Installed by</dt>
      <dd>
        {health.installer.email ?? 'unknown'} on {when(health.installedAt)}
      </dd>
      {health.installer.matchesMember === false && (
        <dd className="ps-error" data-testid="install-health-mismatch">
          Approved on HubSpot by {health.installer.email ?? 'a user with no email'}, not by {health.installer.memberEmail}, who connected it in Portside.
        </dd>
      )}
      <dt>Scopes</dt>
      <dd>{health.grantedScopes.join(' ')}</dd>
      {health.missingRequiredScopes.length > 0 && (
        <>
          <dt>Missing required scopes</dt>
          <dd className="ps-error">{health.missingRequiredScopes.join(' ')} — reconnect and grant them.</dd>
        </>
      )}
      {health.missingOptionalScopes.length > 0 && (
        <>
          <dt>Features off</dt>
          <dd>
            <ul className="ps-plain">
              {health.missingOptionalScopes.map((m) => (
                <li key={m.scope}>
                  <code>{m.scope}</code> not granted: {m.feature} — {m.effect}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>Last token refresh</dt>
      <dd>{when(health.lastRefreshAt)}</dd>
      <dt>Last successful call</dt>
      <dd>{when(health.lastSuccessAt)}</dd>
      {health.notices.map((n) => (
        <div key={n.code} data-testid={`install-notice-${n.code}`}>
          <dt>{NOTICE_TITLE[n.code]}</dt>
          <dd className="ps-error">
            {n.message} (since {when(n.since)}) {n.whatToDo}
          </dd>
        </div>
      ))}
      {health.lastError && (
        <>
          <dt>Last error</dt>
          <dd className="ps-error">
            {health.lastError.message} ({when(health.lastError.at)}
            {health.lastError.correlationId ? `, correlation id ${health.lastError.correlationId}` : ''})
          </dd>
        </>
      )}
    </dl>
  );
}
