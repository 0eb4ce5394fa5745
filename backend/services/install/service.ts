import type { CompleteRequest, ConfirmRequest, CreateTicketRequest, CreateTicketResponse, DisconnectRequest, DisconnectResponse, InstallStatusResponse, TicketView } from '../../../lib/api/install';
import { ok, type Result } from '../../../lib/errors';
import { callbackNotice } from './callback-notice';
import { completeInstall } from './complete';
import type { InstallDeps } from './deps';
import { disconnect } from './disconnect';
import { installStatus } from './health';
import type { GatewayInstall } from '../../hubspot/gateway';
import { gatewayPort } from './gateway-port';
import { TokenManager } from './refresh';
import { startInstall, viewStart, type StartResult, type StartView } from './start';
import { listConnectedInstalls } from './store';
import type { Caller } from '../caller';
import { confirmTicket, createTicket, getTicket } from './tickets';

/**
 * The install feature's one entry point, built once per process (it owns the single-flight
 * refresh state, so there must be exactly one per process). Routes call the first group; other
 * features use the second (narrow ports: the HubSpot gateway's install side, a token source,
 * install lookups).
 */
export interface InstallService {
  /** HubSpot's authorize origin: the start page's form may redirect there (CSP form-action). */
  readonly authorizeOrigin: string;
  createTicket(caller: Caller<'role' | 'sessionId'>, req: CreateTicketRequest): Promise<Result<CreateTicketResponse>>;
  getTicket(caller: Caller<'role' | 'sessionId'>, ticketId: string): Promise<Result<TicketView>>;
  confirmTicket(caller: Caller<'role' | 'sessionId'>, ticketId: string, req: ConfirmRequest): Promise<Result<TicketView>>;
  completeTicket(caller: Caller<'role' | 'sessionId'>, ticketId: string, req: CompleteRequest): Promise<Result<TicketView>>;
  /** The start page (read-only: safe for HEAD, prefetch and link scanners). */
  viewStart(ticketToken: string | undefined): Promise<StartView>;
  /** The start page's button: spends the ticket. */
  start(ticketToken: string | undefined): Promise<StartResult>;
  /** Whose extension finishes an install, for the callback page; exchanges nothing. */
  callbackNotice(state: string | undefined): Promise<{ adminName: string | null; adminEmail: string } | null>;
  status(caller: Caller<'role' | 'sessionId'>): Promise<Result<InstallStatusResponse>>;
  disconnect(caller: Caller<'role' | 'sessionId'>, req: DisconnectRequest): Promise<Result<DisconnectResponse>>;

  /** Tokens and install health for the HubSpot gateway (backend/hubspot/gateway.ts), through which every API call goes. */
  readonly gatewayPort: GatewayInstall;
  /** A valid access token (the gateway takes its tokens through `gatewayPort`). */
  accessToken(workspaceId: string, opts?: { staleToken?: string }): Promise<Result<{ portalId: string; accessToken: string }>>;
  installedPortal(workspaceId: string): Promise<{ portalId: string; status: 'connected' | 'needs_reconnect'; scopes: string[] } | null>;
  connectedInstalls(): Promise<{ workspaceId: string; portalId: string }[]>;
  state(workspaceId: string): Promise<'connected' | 'needs_reconnect' | 'disconnected'>;
}

export function createInstallService(deps: InstallDeps): InstallService {
  const tokens = new TokenManager(deps);
  return {
    authorizeOrigin: new URL(deps.app.authorizeBase).origin,
    createTicket: (caller, req) => createTicket(deps, caller, req),
    getTicket: (caller, id) => getTicket(deps, caller, id),
    confirmTicket: (caller, id, req) => confirmTicket(deps, caller, id, req),
    completeTicket: (caller, id, req) => completeInstall(deps, caller, id, req),
    viewStart: (ticket) => viewStart(deps, ticket),
    start: (ticket) => startInstall(deps, ticket),
    callbackNotice: (state) => callbackNotice(deps, state),
    status: (caller) => installStatus(deps, caller),
    disconnect: (caller, req) => disconnect(deps, tokens, caller, req),

    gatewayPort: gatewayPort(deps, tokens),
    async accessToken(workspaceId, opts) {
      const t = await tokens.accessToken(workspaceId, opts);
      return t.ok ? ok({ portalId: t.data.portalId, accessToken: t.data.accessToken }) : t;
    },
    async installedPortal(workspaceId) {
      const row = await deps.cache.row(workspaceId);
      return row ? { portalId: row.portal_id, status: row.status, scopes: row.granted_scopes.split(' ').filter(Boolean) } : null;
    },
    async connectedInstalls() {
      return (await listConnectedInstalls(deps.db)).map((r) => ({ workspaceId: r.workspace_id, portalId: r.portal_id }));
    },
    async state(workspaceId) {
      const row = await deps.cache.row(workspaceId);
      return row ? row.status : 'disconnected';
    },
  };
}
