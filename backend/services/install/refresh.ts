import { sql } from 'kysely';
import { fail, ok, type Result } from '../../../lib/contract/errors';
import { writeAudit } from '../../audit/write';
import { refreshAccessToken } from '../../hubspot/oauth';
import { metrics } from '../../metrics/recorder';
import type { InstallDeps } from './deps';
import { reconnectReason } from './reconnect-reason';
import { openToken, sealTokens } from './sealing';
import { findInstallByWorkspace, recordInstallError, storeRefreshedTokens } from './store';
import type { Db, InstallRow } from '../../db/schema';

/**
 * Access tokens for a workspace's portal, refreshed ahead of expiry and exactly once when many
 * callers need a new one at the same moment:
 * - in one process, concurrent callers share one in-flight refresh per workspace (single flight);
 * - across processes on PostgreSQL, the refresh runs inside a transaction holding
 *   `pg_advisory_xact_lock` for the workspace, and re-reads the row after taking the lock: if
 *   another instance refreshed meanwhile, its token is used and HubSpot is not called again;
 * - on SQLite (one instance by design) the write is a compare-and-set on the old sealed token.
 * BAD_REFRESH_TOKEN marks the install `needs_reconnect` (audited) and every later call for the
 * portal stops with `needs_reconnect` until an admin reconnects. A transient refresh failure
 * keeps using the current token while it is still valid.
 */

export interface PortalToken {
  installId: string;
  portalId: string;
  accessToken: string;
  scopes: string[];
}

const STILL_USABLE_MS = 30_000;

export class TokenManager {
  private readonly inflight = new Map<string, Promise<Result<PortalToken>>>();

  constructor(private readonly deps: InstallDeps) {}

  /**
   * A valid access token for the workspace's portal. `staleToken`: the caller's token was just
   * refused by HubSpot (401), so a token equal to it is not good enough even if not yet expired.
   */
  async accessToken(workspaceId: string, opts: { staleToken?: string } = {}): Promise<Result<PortalToken>> {
    const row = await this.deps.cache.row(workspaceId);
    const usable = this.usable(row);
    if (!usable.ok) return usable;
    const access = this.deps.cache.openAccess(row!, this.deps.keyring, () => this.open(row!, 'access'));
    if (!access.ok) return access;
    if (this.fresh(row!) && access.data !== opts.staleToken) return ok(toToken(row!, access.data));
    let flight = this.inflight.get(workspaceId);
    if (!flight) {
      // Whatever the refresh wrote (new tokens, needs_reconnect), the cached row is past.
      flight = this.refreshLocked(workspaceId, opts.staleToken).finally(() => {
        this.inflight.delete(workspaceId);
        this.deps.cache.forget(workspaceId);
      });
      this.inflight.set(workspaceId, flight);
    }
    return flight;
  }

  private fresh(row: InstallRow): boolean {
    return row.access_expires_at - this.deps.now() > this.deps.refreshMarginMs;
  }

  private usable(row: InstallRow | undefined): Result<null> {
    if (!row) return fail('portal_not_connected', 'No HubSpot portal is connected to this workspace. An admin can connect one in Portside options.');
    if (row.status === 'needs_reconnect') {
      return fail('needs_reconnect', reconnectReason(row));
    }
    return ok(null);
  }

  private open(row: InstallRow, kind: 'access' | 'refresh'): Result<string> {
    const r = openToken(this.deps.keyring, row, kind);
    if (!r.ok) this.deps.logger.error({ installId: row.id, kind, reason: (r.error.details as { vault?: string }).vault }, 'install.token_unreadable');
    return r;
  }

  private refreshLocked(workspaceId: string, staleToken: string | undefined): Promise<Result<PortalToken>> {
    if (this.deps.dialect !== 'postgres') return this.refreshIn(this.deps.db, workspaceId, staleToken);
    return this.deps.db.transaction().execute(async (trx) => {
      // Held until commit; hashtextextended gives the bigint key the lock function takes.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`portside.install.refresh:${workspaceId}`}, 0))`.execute(trx);
      return this.refreshIn(trx, workspaceId, staleToken);
    });
  }

  private async refreshIn(db: Db | Db, workspaceId: string, staleToken: string | undefined): Promise<Result<PortalToken>> {
    const { deps } = this;
    const row = await findInstallByWorkspace(db, workspaceId);
    const usable = this.usable(row);
    if (!usable.ok) return usable;
    const install = row!;
    const access = this.open(install, 'access');
    if (!access.ok) return access;
    // Re-read after the lock: someone else may have refreshed already.
    if (this.fresh(install) && access.data !== staleToken) {
      metrics.tokenRefresh('skipped');
      return ok(toToken(install, access.data));
    }
    const refreshToken = this.open(install, 'refresh');
    if (!refreshToken.ok) return refreshToken;

    const answer = await refreshAccessToken(deps.app, refreshToken.data, { now: deps.now, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    const now = deps.now();
    if (!answer.ok) {
      const d = answer.error.details;
      const lost = d.kind === 'needs_reconnect';
      await inTransaction(db, async (trx) => {
        await recordInstallError(trx, install.id, { code: answer.error.code, message: answer.error.message, correlationId: d.correlationId }, now, lost ? 'needs_reconnect' : undefined);
        await writeAudit(trx, {
          workspaceId,
          action: lost ? 'install.needs_reconnect' : 'install.refresh_failed',
          targetType: 'install',
          targetId: install.id,
          result: 'failed',
          details: { portalId: install.portal_id, kind: d.kind, httpStatus: d.httpStatus },
          correlationId: d.correlationId,
          at: now,
        });
      });
      deps.logger.warn({ workspaceId, portalId: install.portal_id, kind: d.kind, httpStatus: d.httpStatus, correlationId: d.correlationId }, lost ? 'install.needs_reconnect' : 'install.refresh_failed');
      metrics.tokenRefresh(lost ? 'revoked' : 'failed');
      if (lost) return fail('needs_reconnect', answer.error.message, d);
      if (install.access_expires_at - now > STILL_USABLE_MS && access.data !== staleToken) return ok(toToken(install, access.data));
      return answer;
    }
    const sealed = sealTokens(deps.keyring, install.id, answer.data);
    const written = await storeRefreshedTokens(db, install.id, sealed, now, install.access_token_sealed);
    if (written === 0) {
      // Lost a race with another writer (SQLite, several processes): use what they stored.
      // HubSpot was called, so this counts as a refresh by this process.
      metrics.tokenRefresh('ok');
      const again = await findInstallByWorkspace(db, workspaceId);
      const usableAgain = this.usable(again);
      if (!usableAgain.ok) return usableAgain;
      const theirs = this.open(again!, 'access');
      return theirs.ok ? ok(toToken(again!, theirs.data)) : theirs;
    }
    deps.logger.info({ workspaceId, portalId: install.portal_id }, 'install.token_refreshed');
    metrics.tokenRefresh('ok');
    return ok({ ...toToken(install, answer.data.accessToken) });
  }
}

function toToken(row: InstallRow, accessToken: string): PortalToken {
  return { installId: row.id, portalId: row.portal_id, accessToken, scopes: row.granted_scopes.split(' ').filter(Boolean) };
}

/** Runs `fn` in the given transaction, or in a new one when given the plain handle. */
export async function inTransaction<T>(db: Db | Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Db);
  return (db as Db).transaction().execute(fn);
}
