import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HubSpotCard } from '../../components/options/install/HubSpotCard';
import type { MessageEnvelope } from '../../lib/extension/messages';
import type { InstallHealth, TicketView } from '../../lib/contract/api/install';
import { objectsAvailable } from '../../backend/services/install/health';

const ticketId = '0b9b2a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
const failed: TicketView = {
  ticketId,
  status: 'failed',
  expiresAt: '2026-11-22T09:10:00.000Z',
  outcome: {
    code: 'hubspot_refused',
    text: {
      title: 'HubSpot did not let this user install Portside',
      explanation: 'You do not have the correct role to grant these permissions.',
      whatToDo: 'Ask a Super Admin to connect HubSpot.',
    },
  },
  confirmation: null,
  installer: null,
  diagnostics: {
    outcome: 'hubspot_refused',
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
  it('asks the background to open the install tab, follows the ticket and explains a failure with diagnostics', async () => {
    let polls = 0;
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'install.status') return { ok: true, data: { state: 'not_connected', portalId: null, hubDomain: null, message: 'HubSpot is not connected yet.', health: null } };
      if (msg.action === 'install.begin') return { ok: true, data: { ticketId, expiresAt: failed.expiresAt } };
      if (msg.action === 'install.ticket') return { ok: true, data: ++polls < 2 ? { ...failed, status: 'started', outcome: null, diagnostics: null, diagnosticsText: null } : failed };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<HubSpotCard send={send} isAdmin />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connect HubSpot' }));
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ action: 'install.begin', payload: { reconnect: false } }));
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
    render(<HubSpotCard send={send} isAdmin={false} />);
    await waitFor(() => expect(screen.getByText('Only a Portside admin can connect HubSpot.')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Connect HubSpot' })).not.toBeInTheDocument();
  });

  it('shows the ticket named by the options URL, and who really approved on HubSpot when it was not the admin', async () => {
    const connected: TicketView = {
      ...failed,
      status: 'succeeded',
      outcome: { code: 'connected', text: { title: 'HubSpot is connected', explanation: 'Reps can use Portside now.', whatToDo: null } },
      installer: { matches: false, hubspotEmail: 'sam.super@acme.example', hubspotUserId: '5001', adminEmail: 'alice.admin@acme.example' },
    };
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'install.status') return { ok: true, data: { state: 'connected', portalId: '1001', hubDomain: null, message: 'Connected.', health: null } };
      if (msg.action === 'install.ticket') return { ok: true, data: msg.payload && (msg.payload as { ticketId: string }).ticketId === ticketId ? connected : failed };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<HubSpotCard send={send} isAdmin ticketId={ticketId} />);
    const mismatch = await screen.findByTestId('installer-mismatch');
    expect(mismatch).toHaveTextContent('Installed by HubSpot user sam.super@acme.example (user id 5001), not by you (alice.admin@acme.example).');
    expect(screen.getByTestId('install-result')).toHaveAttribute('data-outcome', 'connected');
  });

  it('says nothing about the installer when the admin approved it themselves', async () => {
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'install.status') return { ok: true, data: { state: 'connected', portalId: '1001', hubDomain: null, message: 'Connected.', health: null } };
      if (msg.action === 'install.ticket') return { ok: true, data: { ...failed, installer: { matches: true, hubspotEmail: 'a@b.example', hubspotUserId: '1', adminEmail: 'a@b.example' } } };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    render(<HubSpotCard send={send} isAdmin ticketId={ticketId} />);
    await screen.findByTestId('install-result');
    expect(screen.queryByTestId('installer-mismatch')).not.toBeInTheDocument();
  });

  it('keeps showing on the connected card when someone other than the connecting admin approved on HubSpot', async () => {
    const health = {
      portalId: '1001',
      hubDomain: null,
      installer: { email: 'sam.super@acme.example', userId: '5001', memberId: 'm1', memberEmail: 'alice.admin@acme.example', matchesMember: false },
      installedAt: '2026-11-22T09:00:00.000Z',
      grantedScopes: ['oauth'],
      missingRequiredScopes: [],
      missingOptionalScopes: [],
      objects: objectsAvailable(['oauth']),
      accessExpiresAt: '2026-11-22T09:30:00.000Z',
      lastRefreshAt: null,
      lastSuccessAt: null,
      lastError: null,
      notices: [],
    };
    const send = vi.fn(async () => ({ ok: true, data: { state: 'connected', portalId: '1001', hubDomain: null, message: 'Connected.', health } }));
    render(<HubSpotCard send={send} isAdmin />);
    expect(await screen.findByTestId('install-health-mismatch')).toHaveTextContent('Approved on HubSpot by sam.super@acme.example, not by alice.admin@acme.example, who connected it in Portside.');
  });

  it('explains a start HubSpot never answered, keeps listening, shows a late connection, and "Try again" starts a new ticket', async () => {
    const notReturned: TicketView = {
      ...failed,
      status: 'started',
      outcome: {
        code: 'not_returned',
        text: { title: 'HubSpot has not sent the connection back', explanation: 'The likely causes: not a Super Admin; the subscription lacks a permission; the consent was cancelled.', whatToDo: 'Try again.' },
      },
      diagnostics: { ...failed.diagnostics!, outcome: 'not_returned', hubId: null, installingUser: null, hubspotRedirectError: null },
    };
    const connected: TicketView = { ...failed, status: 'succeeded', outcome: { code: 'connected', text: { title: 'HubSpot is connected', explanation: 'Reps can use Portside now.', whatToDo: null } } };
    const secondId = '1c9b2a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
    let answer: TicketView = notReturned;
    const send = vi.fn(async (m: unknown) => {
      const msg = m as MessageEnvelope;
      if (msg.action === 'install.status') return { ok: true, data: { state: 'not_connected', portalId: null, hubDomain: null, message: 'HubSpot is not connected yet.', health: null } };
      if (msg.action === 'install.begin') return { ok: true, data: { ticketId: secondId, expiresAt: failed.expiresAt } };
      if (msg.action === 'install.ticket') {
        const asked = (msg.payload as { ticketId: string }).ticketId;
        return { ok: true, data: asked === ticketId ? answer : { ...notReturned, ticketId: secondId, status: 'pending', outcome: null, diagnostics: null } };
      }
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    const { unmount } = render(<HubSpotCard send={send} isAdmin ticketId={ticketId} />);
    const result = await screen.findByTestId('install-result');
    expect(result).toHaveAttribute('data-outcome', 'not_returned');
    expect(result).toHaveTextContent('not a Super Admin');
    expect(screen.getByTestId('install-still-waiting')).toBeInTheDocument();
    expect(screen.getByTestId('diag-hub-id')).toBeInTheDocument();
    // The callback arrives after all: the card follows the same ticket and shows the connection.
    answer = connected;
    await waitFor(() => expect(screen.getByTestId('install-result')).toHaveAttribute('data-outcome', 'connected'), { timeout: 4000 });
    unmount();

    // Still unanswered (and still being listened to) when the admin chooses "Try again".
    answer = notReturned;
    render(<HubSpotCard send={send} isAdmin ticketId={ticketId} />);
    await userEvent.click(await screen.findByTestId('install-retry'));
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ action: 'install.begin', payload: { reconnect: false } }));
    expect(await screen.findByTestId('install-waiting')).toBeInTheDocument();
    // Only the new ticket is followed from now on.
    const before = send.mock.calls.filter(([m]) => (m as MessageEnvelope).action === 'install.ticket' && ((m as MessageEnvelope).payload as { ticketId: string }).ticketId === ticketId).length;
    await waitFor(() => expect(send.mock.calls.filter(([m]) => ((m as MessageEnvelope).payload as { ticketId?: string } | undefined)?.ticketId === secondId).length).toBeGreaterThan(0), { timeout: 4000 });
    expect(send.mock.calls.filter(([m]) => (m as MessageEnvelope).action === 'install.ticket' && ((m as MessageEnvelope).payload as { ticketId: string }).ticketId === ticketId).length).toBe(before);
    expect(screen.getByTestId('install-waiting')).toBeInTheDocument();
  });

  describe('objects available', () => {
    const contactsOnly = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'oauth', 'settings.users.read'];
    const healthWith = (granted: string[]): InstallHealth => ({
      portalId: '1001',
      hubDomain: null,
      installer: { email: 'sam.super@acme.example', userId: '5001', memberId: 'm1', memberEmail: 'sam.super@acme.example', matchesMember: true },
      installedAt: '2026-11-22T09:00:00.000Z',
      grantedScopes: granted,
      missingRequiredScopes: [],
      missingOptionalScopes: [],
      objects: objectsAvailable(granted),
      accessExpiresAt: '2026-11-22T09:30:00.000Z',
      lastRefreshAt: null,
      lastSuccessAt: null,
      lastError: null,
      notices: [],
    });
    const sendFor = (health: InstallHealth) =>
      vi.fn(async (m: unknown) => {
        const msg = m as MessageEnvelope;
        if (msg.action === 'install.status') return { ok: true, data: { state: 'connected', portalId: '1001', hubDomain: null, message: 'Connected.', health } };
        if (msg.action === 'install.begin') return { ok: true, data: { ticketId, expiresAt: failed.expiresAt } };
        if (msg.action === 'install.ticket') return { ok: true, data: { ...failed, status: 'started', outcome: null, diagnostics: null, diagnosticsText: null } };
        return { ok: false, error: { code: 'invalid_message', message: 'no' } };
      });

    it('an install made before objects were asked for says "reconnect to add" for each, as a state, not an error, and reconnects pinned to the portal', async () => {
      const send = sendFor(healthWith(contactsOnly));
      render(<HubSpotCard send={send} isAdmin />);
      const card = await screen.findByTestId('objects-available');
      expect(screen.getByTestId('object-0-1')).toHaveTextContent('Contacts: available.');
      expect(screen.getByTestId('object-0-3')).toHaveTextContent(
        "Deals: not available — HubSpot didn't grant crm.objects.deals.read (your portal's subscription may not include it, or it was added after you connected). Reconnect HubSpot from this card to add it.",
      );
      expect(screen.getByTestId('object-0-2')).toHaveTextContent("Companies: not available — HubSpot didn't grant crm.objects.companies.read");
      expect(screen.getByTestId('object-0-5')).toHaveTextContent("Tickets: not available — HubSpot didn't grant tickets");
      expect(card.querySelector('.ps-error')).toBeNull();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      await userEvent.click(screen.getByTestId('reconnect-add-objects'));
      expect(send).toHaveBeenCalledWith(expect.objectContaining({ action: 'install.begin', payload: { reconnect: true } }));
    });

    it('shows the pipeline settings warning under its own title', async () => {
      const notice = { code: 'pipeline_rules_missing' as const, since: '2026-11-22T09:00:00.000Z', message: 'Deal verdicts need pipeline settings: …', whatToDo: 'In Pipeline access below, tick "This portal restricts no deal pipelines".' };
      render(<HubSpotCard send={sendFor({ ...healthWith(contactsOnly), notices: [notice] })} isAdmin />);
      const shown = await screen.findByTestId('install-notice-pipeline_rules_missing');
      expect(shown).toHaveTextContent('Pipeline settings');
      expect(shown).toHaveTextContent('Deal verdicts need pipeline settings');
      expect(shown).toHaveTextContent('This portal restricts no deal pipelines');
    });

    it('a read-only grant is "view only"; a full grant lists every object available and offers no reconnect', async () => {
      const { unmount } = render(<HubSpotCard send={sendFor(healthWith([...contactsOnly, 'crm.objects.deals.read']))} isAdmin />);
      expect(await screen.findByTestId('object-0-3')).toHaveTextContent("Deals: view only — HubSpot didn't grant crm.objects.deals.write, so notes, tasks and edits are off.");
      unmount();
      const all = [...contactsOnly, 'crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.deals.write', 'tickets'];
      render(<HubSpotCard send={sendFor(healthWith(all))} isAdmin />);
      await screen.findByTestId('objects-available');
      for (const [t, label] of [['0-1', 'Contacts'], ['0-2', 'Companies'], ['0-3', 'Deals'], ['0-5', 'Tickets']]) expect(screen.getByTestId(`object-${t}`)).toHaveTextContent(`${label}: available.`);
      expect(screen.queryByTestId('reconnect-add-objects')).not.toBeInTheDocument();
    });
  });
});
