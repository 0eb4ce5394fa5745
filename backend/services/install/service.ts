import type { CompleteRequest, ConfirmRequest, CreateTicketRequest, CreateTicketResponse, DisconnectRequest, DisconnectResponse, InstallStatusResponse, TicketView } from '../../../lib/contract/api/install';
import type { Result } from '../../../lib/contract/errors';
import type { GatewayInstall } from '../../hubspot/gateway';
import type { StartResult, StartView } from './start';
import type { Caller } from '../caller';

/**
 * What the install feature offers, built once per process by services/install/create.ts (it owns
 * the single-flight refresh state, so there must be exactly one per process). Routes call the first group; other
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
