import { CreateTicketResponse, DisconnectResponse, InstallStatusResponse, TicketView, type CompleteRequest } from '../api/install';
import type { BackendClient } from '../backend-client';

/** Install calls of the background; ticket ids were validated as UUIDs by the router. */
export const installStatus = (c: BackendClient) => c.request('/api/v1/install', { schema: InstallStatusResponse });

export const createInstallTicket = (c: BackendClient, reconnect: boolean) =>
  c.request('/api/v1/install/tickets', { method: 'POST', body: { reconnect }, schema: CreateTicketResponse });

export const installTicket = (c: BackendClient, ticketId: string) => c.request(`/api/v1/install/tickets/${ticketId}`, { schema: TicketView });

/** What HubSpot put on the install tab's callback URL, handed back with the admin's session. */
export const completeInstall = (c: BackendClient, ticketId: string, answer: CompleteRequest) =>
  c.request(`/api/v1/install/tickets/${ticketId}/complete`, { method: 'POST', body: answer, schema: TicketView });

export const confirmInstall = (c: BackendClient, ticketId: string, replace: boolean) =>
  c.request(`/api/v1/install/tickets/${ticketId}/confirm`, { method: 'POST', body: { replace }, schema: TicketView });

export const disconnectInstall = (c: BackendClient, force: boolean) =>
  c.request('/api/v1/install/disconnect', { method: 'POST', body: { force }, schema: DisconnectResponse });
