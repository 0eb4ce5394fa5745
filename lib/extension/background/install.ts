import { CreateTicketResponse, TicketView, type CompleteRequest } from '../../contract/api/install';
import type { BackendClient } from '../backend-client';

/** Install calls that do more than forward (install.begin opens the tab; the tab watcher completes); ticket ids are UUIDs. */
export const createInstallTicket = (c: BackendClient, reconnect: boolean) =>
  c.request('/api/v1/install/tickets', { method: 'POST', body: { reconnect }, schema: CreateTicketResponse });

/** What HubSpot put on the install tab's callback URL, handed back with the admin's session. */
export const completeInstall = (c: BackendClient, ticketId: string, answer: CompleteRequest) =>
  c.request(`/api/v1/install/tickets/${ticketId}/complete`, { method: 'POST', body: answer, schema: TicketView });

