import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HubSpotCard } from '../../components/options/install/HubSpotCard';
import type { MessageEnvelope } from '../../lib/messages';
import type { TicketView } from '../../lib/api/install';

const ticketId = '0b9b2a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
const failed: TicketView = {
  ticketId,
  status: 'failed',
  expiresAt: '2026-11-22T09:10:00.000Z',
  outcome: {
    code: 'role_or_tier',
    text: {
      title: 'HubSpot did not let this user install Portside',
      explanation: 'You do not have the correct role to grant these permissions.',
      whatToDo: 'Ask a Super Admin to connect HubSpot.',
    },
  },
  confirmation: null,
  diagnostics: {
    outcome: 'role_or_tier',
    ticketId,
    startedAt: null,
    completedAt: null,
    authorize: { host: 'app.hubspot.com', clientId: 'cid', redirectUri: 'http://localhost:8787/install/callback', scopes: ['oauth', 'crm.objects.contacts.read'], optionalScopes: ['settings.users.read'], pinnedPortalId: null },
    hubId: '2002',
    hubDomain: null,
    installingUser: { email: 'milo.member@bakery.example', id: '6003' },
    grantedScopes: [],
    missingRequiredScopes: [],
    missingOptionalScopes: [],
    hubspotRedirectError: { error: 'access_denied', description: 'You do not have the correct role to grant these permissions' },
    failedCall: null,
  },
  diagnosticsText: 'Scopes: oauth crm.objects.contacts.read\nHub id: 2002\nUser: milo.member@bakery.example (6003)',
};

describe('HubSpotCard', () => {
  it('opens the install tab, follows the ticket and explains a failure with diagnostics', async () => {
    let polls = 0;
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'install.status') return { ok: true, data: { state: 'not_connected', portalId: null, hubDomain: null, message: 'HubSpot is not connected yet.', health: null } };
      if (msg.action === 'install.createTicket') return { ok: true, data: { ticketId, startUrl: 'http://localhost:8787/install/start?ticket=abc', expiresAt: failed.expiresAt } };
      if (msg.action === 'install.ticket') return { ok: true, data: ++polls < 2 ? { ...failed, status: 'started', outcome: null, diagnostics: null, diagnosticsText: null } : failed };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    const openTab = vi.fn();
    render(<HubSpotCard send={send} isAdmin openTab={openTab} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connect HubSpot' }));
    expect(openTab).toHaveBeenCalledWith('http://localhost:8787/install/start?ticket=abc');
    expect(screen.getByTestId('install-waiting')).toBeInTheDocument();
    const result = await screen.findByTestId('install-result', {}, { timeout: 6000 });
    expect(result).toHaveTextContent('You do not have the correct role to grant these permissions.');
    expect(result).toHaveTextContent('Ask a Super Admin');
    expect(screen.getByTestId('diag-hub-id')).toHaveTextContent('2002');
    expect(screen.getByTestId('diag-user')).toHaveTextContent('milo.member@bakery.example (id 6003)');
    expect(screen.getByRole('button', { name: 'Copy diagnostics' })).toBeInTheDocument();
  });

  it('tells members who can connect, without admin buttons', async () => {
    const send = vi.fn(async () => ({ ok: true, data: { state: 'not_connected', portalId: null, hubDomain: null, message: 'HubSpot is not connected yet.', health: null } }));
    render(<HubSpotCard send={send} isAdmin={false} openTab={vi.fn()} />);
    await waitFor(() => expect(screen.getByText('Only a Portside admin can connect HubSpot.')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Connect HubSpot' })).not.toBeInTheDocument();
  });
});
