import type { Result } from '../../lib/contract/errors';
import { endpointGroup } from '../metrics/hubspot-calls';
import { metrics } from '../metrics/recorder';
import type { HubSpotApp } from './app';
import { budgetSpent, notSent, notSentReason } from './gateway-failures';
import { hubspotHttp, type Fetch, type HubSpotResponse } from './http';
import type { PortalRequest, PortalSend, SendResult } from './portal-send';
import { rateHeaders, type RateHeaders } from './rate-headers';
import type { HubSpotErrorKind } from './translate';

/**
 * The one way Portside calls HubSpot's API for a portal. Each call:
 * 1. takes the workspace install's access token (refreshed ahead of expiry, one refresh however
 *    many callers need it: the install service's TokenManager);
 * 2. takes a slot of the portal's rate budget, shared by every instance (waiting for one, or at
 *    most `maxWaitMs` for calls a person is waiting on), then runs `beforeSend` if given;
 * 3. sends, settles the slot with the answer's rate headers, and on a 429 blocks the portal
 *    until Retry-After so no instance spends more of a window HubSpot has closed;
 * 4. on a 401 (clocks disagree, or the token was revoked early) forces one refresh and retries
 *    once; a second 401 is returned, never looped;
 * 5. records the install's health: the last success (throttled by the install service) and the
 *    last install-level failure (scopes, permissions, auth, availability, rate limit), not
 *    record-level ones (404, 409, validation), which say nothing about the install;
 * 6. counts the call by operation and outcome.
 * Failures are values (translate.ts, or gateway-failures.ts for requests that never left);
 * nothing throws for an HTTP error.
 */

export interface GatewayToken {
  installId: string;
  portalId: string;
  accessToken: string;
}

export interface InstallHealthError {
  code: string;
  message: string;
  correlationId: string | null;
  /** The data centre a wrong-data-centre answer named for this account, recorded on this install only. */
  hublet?: string;
}

/** What the gateway needs from the install service (services/install/service.ts provides it). */
export interface GatewayInstall {
  readonly app: HubSpotApp;
  readonly fetch?: Fetch | undefined;
  /** `staleToken`: HubSpot just refused this token, so a refresh is forced even if it looks fresh. */
  accessToken(workspaceId: string, opts?: { staleToken?: string }): Promise<Result<GatewayToken>>;
  recordSuccess(installId: string): Promise<void>;
  recordFailure(installId: string, e: InstallHealthError): Promise<void>;
}

/** The per-portal rate budget's public methods (services/delivery/rate-budget.ts). */
export interface GatewayBudget {
  take(portalId: string, signal?: AbortSignal): Promise<string>;
  takeWithin(portalId: string, maxWaitMs: number, signal?: AbortSignal): Promise<{ ok: true; slotId: string } | { ok: false; retryAt: number }>;
  settle(portalId: string, slotId: string, headers: RateHeaders | null): Promise<void>;
  block(portalId: string, until: number): Promise<void>;
}

export interface CallOptions {
  /** Give up waiting for a budget slot after this long (answers rate_limited with when to retry). */
  maxWaitMs?: number;
  /** Per-request timeout (default: the app's). */
  timeoutMs?: number;
  /** Abandons waiting for a slot; a request already sent is not cut off (its answer counts). */
  signal?: AbortSignal;
  /** Runs with the slot taken, right before sending; false cancels the call (nothing is sent). */
  beforeSend?: () => Promise<boolean>;
}

const RECORD_LEVEL: ReadonlySet<HubSpotErrorKind> = new Set(['not_found', 'conflict', 'validation_error']);
const AUTH_REFUSED: ReadonlySet<HubSpotErrorKind> = new Set(['expired_token', 'invalid_token']);

type Answer = SendResult<HubSpotResponse>;
const kindOf = (r: Answer): HubSpotErrorKind | null => (r.ok ? null : ((r.error.details as { kind?: HubSpotErrorKind } | undefined)?.kind ?? null));

export class HubSpotGateway {
  private readonly now: () => number;

  constructor(
    private readonly install: GatewayInstall,
    private readonly budget: GatewayBudget,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** The gateway's face for one workspace, with these options on every call. */
  portal(workspaceId: string, opts: CallOptions = {}): PortalSend {
    return (req) => this.send(workspaceId, req, opts);
  }

  /** `portal` for any workspace: what the record-access wiring takes. */
  sendFor(opts: CallOptions = {}): (workspaceId: string) => PortalSend {
    return (workspaceId) => this.portal(workspaceId, opts);
  }

  async send(workspaceId: string, req: PortalRequest, opts: CallOptions = {}): Promise<Answer> {
    const started = performance.now();
    const operation = req.operation ?? endpointGroup(req.method, req.path);
    const r = await this.run(workspaceId, req, opts);
    const outcome = r.ok ? 'ok' : notSentReason(r.error.details) ? 'not_sent' : (kindOf(r) ?? r.error.code);
    metrics.hubspotOperation(operation, outcome, (performance.now() - started) / 1000);
    return r;
  }

  private async run(workspaceId: string, req: PortalRequest, opts: CallOptions): Promise<Answer> {
    let token = await this.install.accessToken(workspaceId);
    if (!token.ok) return token;
    let r = await this.attempt(token.data, req, opts);
    const kind = kindOf(r);
    if (kind && AUTH_REFUSED.has(kind)) {
      token = await this.install.accessToken(workspaceId, { staleToken: token.data.accessToken });
      if (!token.ok) return token;
      r = await this.attempt(token.data, req, opts);
    }
    await this.record(token.data.installId, r);
    return r;
  }

  private async attempt(token: GatewayToken, req: PortalRequest, opts: CallOptions): Promise<Answer> {
    const { portalId } = token;
    let slot: string;
    try {
      if (opts.maxWaitMs === undefined) slot = await this.budget.take(portalId, opts.signal);
      else {
        const t = await this.budget.takeWithin(portalId, opts.maxWaitMs, opts.signal);
        if (!t.ok) return budgetSpent(t.retryAt, this.now());
        slot = t.slotId;
      }
    } catch (err) {
      if (opts.signal?.aborted) return notSent('aborted');
      throw err;
    }
    // A slot taken and not used is not settled: the budget ages it out with its window.
    if (opts.beforeSend && !(await opts.beforeSend())) return notSent('lease_lost');
    const { operation: _operation, ...http } = req;
    const timeoutMs = opts.timeoutMs ?? req.timeoutMs;
    const res = await hubspotHttp(this.install.app, { ...http, accessToken: token.accessToken, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }, this.install.fetch);
    await this.budget.settle(portalId, slot, res.ok ? rateHeaders(res.data.headers) : null);
    if (!res.ok && res.error.details.kind === 'rate_limited') {
      await this.budget.block(portalId, this.now() + (res.error.details.retryAfterSeconds ?? 10) * 1000);
    }
    return res;
  }

  private async record(installId: string, r: Answer): Promise<void> {
    if (r.ok) return this.install.recordSuccess(installId);
    const kind = kindOf(r);
    if (!kind || RECORD_LEVEL.has(kind) || notSentReason(r.error.details)) return;
    const details = r.error.details as { correlationId?: string | null; correctHublet?: string };
    await this.install.recordFailure(installId, {
      code: r.error.code,
      message: r.error.message,
      correlationId: details.correlationId ?? null,
      // Per portal: the data centre HubSpot named for this account (translate.ts), shown in its health.
      ...(kind === 'wrong_data_center' && details.correctHublet ? { hublet: details.correctHublet } : {}),
    });
  }
}
