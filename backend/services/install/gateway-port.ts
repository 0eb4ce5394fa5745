import type { GatewayInstall } from '../../hubspot/gateway';
import type { InstallDeps } from './deps';
import type { TokenManager } from './refresh';
import { recordInstallError, recordInstallSuccess, recordWrongHublet } from './store';

/**
 * The install's side of the HubSpot gateway (backend/hubspot/gateway.ts): tokens from the
 * TokenManager and the health columns of `installs`. last_success_at is written at most once per
 * `successWriteIntervalMs` per install, so a busy portal does not write on every call.
 */
export function gatewayPort(deps: InstallDeps, tokens: TokenManager): GatewayInstall {
  const lastSuccessWrite = new Map<string, number>();
  return {
    app: deps.app,
    fetch: deps.fetch,
    accessToken: (workspaceId, opts) => tokens.accessToken(workspaceId, opts),
    async recordSuccess(installId) {
      const now = deps.now();
      if (now - (lastSuccessWrite.get(installId) ?? -Infinity) < deps.successWriteIntervalMs) return;
      lastSuccessWrite.set(installId, now);
      await recordInstallSuccess(deps.db, installId, now);
    },
    async recordFailure(installId, e) {
      const now = deps.now();
      const { hublet, ...error } = e;
      await recordInstallError(deps.db, installId, error, now);
      if (hublet) await recordWrongHublet(deps.db, installId, hublet, now);
    },
  };
}
