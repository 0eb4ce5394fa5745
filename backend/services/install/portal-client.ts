import type { Client } from '@hubspot/api-client';
import { ok, type Failure, type Result, type Success } from '../../../lib/errors';
import { createPortalSdkClient, translateSdkError } from '../../hubspot/client';
import { hubspotHttp, type HubSpotRequest, type HubSpotResponse } from '../../hubspot/http';
import type { HubSpotErrorKind, HubSpotFailure } from '../../hubspot/translate';
import type { InstallDeps } from './deps';
import type { TokenManager } from './refresh';
import { recordInstallError, recordInstallSuccess, recordWrongHublet } from './store';

/**
 * How every later feature (CRM reads and writes, record access, user sync) talks to a
 * workspace's portal:
 *
 *   const pc = await install.getPortalClient(workspaceId);          // Result<PortalClient>
 *   if (!pc.ok) return pc;                                          // portal_not_connected / needs_reconnect
 *   const r = await pc.data.call((c) => c.crm.contacts.basicApi.getById(id, props));
 *   const p = await pc.data.request({ method: 'GET', path: '/resource-permissions/v3/permitted-users', query: { resource } });
 *
 * Each call takes a fresh access token at the moment it runs (refreshed ahead of expiry, once
 * per portal however many calls need it), so a PortalClient may be held across awaits. A 401
 * gets one forced refresh and one retry. Failures are translated HubSpot failures (details.kind,
 * correlationId) or the install's own `portal_not_connected` / `needs_reconnect`; nothing
 * throws for an HTTP error. The install's health records the last success (at most once a
 * minute) and the last install-level failure (scopes, permissions, auth, availability, rate
 * limit), not record-level ones (404, 409, validation), which say nothing about the install.
 * No retries on 429/5xx here and no SDK limiter: the per-portal rate budget and backoff belong
 * to the caller (delivery worker), which sees `retryable` and `retryAfterSeconds`.
 */

export type PortalResult<T> = Success<T> | Failure | HubSpotFailure;

export interface PortalClient {
  readonly workspaceId: string;
  readonly portalId: string;
  /** Scopes HubSpot granted the install (check before calling an optional-scope API). */
  readonly scopes: readonly string[];
  /** Runs `fn` with an SDK client carrying a valid token; what it throws comes back translated. */
  call<T>(fn: (client: Client) => Promise<T>): Promise<PortalResult<T>>;
  /** A raw request under the API base, for endpoints the SDK lacks. Parse `data.body` with zod. */
  request(req: Omit<HubSpotRequest, 'accessToken'>): Promise<PortalResult<HubSpotResponse>>;
}

const RECORD_LEVEL: ReadonlySet<HubSpotErrorKind> = new Set(['not_found', 'conflict', 'validation_error']);

export class PortalClients {
  private readonly sdk = new Map<string, { token: string; client: Client }>();
  private readonly lastSuccessWrite = new Map<string, number>();

  constructor(
    private readonly deps: InstallDeps,
    private readonly tokens: TokenManager,
  ) {}

  async get(workspaceId: string): Promise<Result<PortalClient>> {
    const first = await this.tokens.accessToken(workspaceId);
    if (!first.ok) return first;
    const { portalId, scopes } = first.data;
    return ok({
      workspaceId,
      portalId,
      scopes,
      call: (fn) => this.withToken(workspaceId, async (token) => {
        try {
          return ok(await fn(this.sdkClient(workspaceId, token)));
        } catch (err) {
          return translateSdkError(err);
        }
      }),
      request: (req) => this.withToken(workspaceId, (token) => hubspotHttp(this.deps.app, { ...req, accessToken: token }, this.deps.fetch)),
    });
  }

  private sdkClient(workspaceId: string, token: string): Client {
    const cached = this.sdk.get(workspaceId);
    if (cached?.token === token) return cached.client;
    const client = createPortalSdkClient(this.deps.app, token);
    this.sdk.set(workspaceId, { token, client });
    return client;
  }

  private async withToken<T>(workspaceId: string, attempt: (token: string) => Promise<PortalResult<T>>): Promise<PortalResult<T>> {
    let t = await this.tokens.accessToken(workspaceId);
    if (!t.ok) return t;
    let r = await attempt(t.data.accessToken);
    const kind = kindOf(r);
    if (kind === 'expired_token' || kind === 'invalid_token') {
      // Clocks disagree or the token was revoked early: one forced refresh, one retry.
      t = await this.tokens.accessToken(workspaceId, { staleToken: t.data.accessToken });
      if (!t.ok) return t;
      r = await attempt(t.data.accessToken);
    }
    await this.record(t.data.installId, r);
    return r;
  }

  private async record(installId: string, r: PortalResult<unknown>): Promise<void> {
    const now = this.deps.now();
    if (r.ok) {
      const last = this.lastSuccessWrite.get(installId) ?? 0;
      if (now - last < this.deps.successWriteIntervalMs) return;
      this.lastSuccessWrite.set(installId, now);
      await recordInstallSuccess(this.deps.db, installId, now);
      return;
    }
    const kind = kindOf(r);
    if (!kind || RECORD_LEVEL.has(kind)) return;
    const details = r.error.details as { correlationId?: string | null; correctHublet?: string };
    await recordInstallError(this.deps.db, installId, { code: r.error.code, message: r.error.message, correlationId: details.correlationId ?? null }, now);
    if (kind === 'wrong_data_center' && details.correctHublet) await recordWrongHublet(this.deps.db, installId, details.correctHublet, now);
  }
}

function kindOf(r: PortalResult<unknown>): HubSpotErrorKind | null {
  if (r.ok) return null;
  const d = r.error.details as { kind?: HubSpotErrorKind } | undefined;
  return d?.kind ?? null;
}
