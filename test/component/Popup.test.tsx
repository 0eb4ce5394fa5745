import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Popup } from '../../components/popup/Popup';
import type { MessageEnvelope } from '../../lib/extension/messages';

const me = {
  member: { id: 'm1', email: 'oscar@acme.example', emailVerified: true, displayName: 'Oscar Owned', role: 'member', status: 'active', createdAt: '2026-12-01T00:00:00.000Z', lastSignInAt: null },
  workspace: { id: 'w1', name: 'Acme Sales', createdAt: '2026-12-01T00:00:00.000Z' },
  session: { expiresAt: '2026-12-02T00:00:00.000Z', idleTimeoutSeconds: 3600, staySignedIn: false },
};

function background(answers: Partial<Record<string, unknown>>) {
  return vi.fn(async (m: unknown) => {
    const { action } = m as MessageEnvelope;
    const answer = answers[action];
    return answer ?? { ok: false, error: { code: 'invalid_message', message: 'no' } };
  });
}

const settings = { ok: true, data: { backendUrl: 'http://localhost:8787', defaultBackendUrl: 'http://localhost:8787' } };

describe('Toolbar popup', () => {
  it('shows who is signed in, the server and the HubSpot connection, and opens options', async () => {
    const send = background({
      'settings.get': settings,
      'session.get': { ok: true, data: { signedIn: true, me } },
      'install.status': { ok: true, data: { state: 'connected', portalId: '1001', hubDomain: 'acme.example', message: 'Connected to HubSpot portal 1001.', health: null } },
    });
    const openOptions = vi.fn();
    render(<Popup send={send} openOptions={openOptions} />);
    expect(await screen.findByTestId('popup-session')).toHaveTextContent('Signed in as Oscar Owned (oscar@acme.example)Member of Acme Sales');
    expect(screen.getByTestId('popup-connection')).toHaveTextContent('HubSpot: Connected to HubSpot portal 1001.');
    expect(screen.getByTestId('popup-connection')).toHaveAttribute('data-state', 'connected');
    expect(screen.getByTestId('popup-server')).toHaveTextContent('Server: http://localhost:8787');
    await userEvent.click(screen.getByRole('button', { name: 'Open Portside options' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('says how to sign in when signed out, and that a session expired', async () => {
    render(<Popup send={background({ 'settings.get': settings, 'session.get': { ok: true, data: { signedIn: false, reason: 'none' } } })} openOptions={vi.fn()} />);
    expect(await screen.findByTestId('popup-session')).toHaveTextContent('Not signed in. Open Portside options to sign in');
    render(<Popup send={background({ 'settings.get': settings, 'session.get': { ok: true, data: { signedIn: false, reason: 'expired' } } })} openOptions={vi.fn()} />);
    expect(await screen.findByText('Your session expired. Open Portside options to sign in again.')).toBeInTheDocument();
  });

  it('names the failure and offers a retry when the background cannot answer', async () => {
    const send = background({ 'settings.get': settings, 'session.get': { ok: false, error: { code: 'backend_unreachable', message: 'The Portside server did not answer.' } } });
    render(<Popup send={send} openOptions={vi.fn()} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The Portside server did not answer.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(send.mock.calls.filter(([m]) => (m as MessageEnvelope).action === 'session.get')).toHaveLength(2);
  });

  it('still shows the session when the connection state cannot be read', async () => {
    const send = background({
      'settings.get': settings,
      'session.get': { ok: true, data: { signedIn: true, me } },
      'install.status': { ok: false, error: { code: 'service_unavailable', message: 'Portside is busy.' } },
    });
    render(<Popup send={send} openOptions={vi.fn()} />);
    expect(await screen.findByTestId('popup-connection')).toHaveTextContent('Connection state unavailable: Portside is busy.');
  });

  it('shows the new session when it changes while the popup is open', async () => {
    let signedIn = false;
    const send = vi.fn(async (m: unknown) => {
      const { action } = m as MessageEnvelope;
      if (action === 'settings.get') return settings;
      if (action === 'session.get') return { ok: true, data: signedIn ? { signedIn: true, me } : { signedIn: false, reason: 'none' } };
      if (action === 'install.status') return { ok: false, error: { code: 'portal_not_connected', message: 'No portal.' } };
      return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    });
    let changed: (() => void) | null = null;
    const unwatch = vi.fn();
    const { unmount } = render(<Popup send={send} openOptions={vi.fn()} watchSession={(cb) => ((changed = cb), unwatch)} />);
    expect(await screen.findByTestId('popup-session')).toHaveTextContent('Not signed in');
    signedIn = true;
    await act(async () => changed!());
    expect(await screen.findByTestId('popup-session')).toHaveTextContent('Signed in as Oscar Owned');
    unmount();
    expect(unwatch).toHaveBeenCalled();
  });
});
