import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OptionsApp } from '../../components/options/OptionsApp';
import type { MessageEnvelope } from '../../lib/extension/messages';

const admin = {
  member: { id: 'm1', email: 'alice@acme.example', emailVerified: true, displayName: 'Alice Admin', role: 'admin', status: 'active', createdAt: '2026-12-01T00:00:00.000Z', lastSignInAt: null },
  workspace: { id: 'w1', name: 'Acme Sales', createdAt: '2026-12-01T00:00:00.000Z' },
  session: { expiresAt: '2026-12-04T00:00:00.000Z', idleTimeoutSeconds: 3600, staySignedIn: false },
};

/** An options page's background with one connected portal; counts what each card asked for. */
function background() {
  let connected = true;
  const asked: string[] = [];
  const send = vi.fn(async (m: unknown) => {
    const { action } = m as MessageEnvelope;
    asked.push(action);
    switch (action) {
      case 'session.get':
        return { ok: true, data: { signedIn: true, me: admin } };
      case 'settings.get':
        return { ok: true, data: { backendUrl: 'http://localhost:8787', defaultBackendUrl: 'http://localhost:8787' } };
      case 'install.status':
        return connected
          ? { ok: true, data: { state: 'connected', portalId: '1001', hubDomain: 'acme.example', message: 'Connected to HubSpot portal 1001.', health: null } }
          : { ok: true, data: { state: 'not_connected', portalId: null, hubDomain: null, message: 'No HubSpot portal is connected.', health: null } };
      case 'install.disconnect':
        connected = false;
        return { ok: true, data: { disconnected: true, revokedAtHubSpot: true } };
      case 'members.list':
        return { ok: true, data: { members: [admin.member] } };
      case 'identity.members':
      case 'properties.objectDefinitions':
      case 'pipelines.access':
        return connected
          ? { ok: false, error: { code: 'service_unavailable', message: `${action} answered later` } }
          : { ok: false, error: { code: 'portal_not_connected', message: 'No HubSpot portal is connected yet.' } };
      default:
        return { ok: false, error: { code: 'invalid_message', message: 'no' } };
    }
  });
  const count = (action: string) => asked.filter((a) => a === action).length;
  return { send, count };
}

describe('Options page: every card follows what it depends on (issue 15.4)', () => {
  it('disconnecting HubSpot reloads People, Properties and Pipeline access without a page reload', async () => {
    const bg = background();
    render(<OptionsApp send={bg.send} requestOrigin={async () => true} />);
    await screen.findByTestId('identity-card');
    await waitFor(() => expect(bg.count('identity.members')).toBe(1));
    expect(bg.count('properties.objectDefinitions')).toBe(1);
    expect(bg.count('members.list')).toBe(1);

    await userEvent.click(await screen.findByTestId('disconnect-hubspot'));
    await userEvent.click(screen.getByTestId('disconnect-confirm'));
    await waitFor(() => expect(screen.getByTestId('install-state')).toHaveAttribute('data-state', 'not_connected'));
    await waitFor(() => expect(bg.count('identity.members')).toBe(2));
    expect(bg.count('properties.objectDefinitions')).toBe(2);
    // The members list does not depend on the connection.
    expect(bg.count('members.list')).toBe(1);
    expect(bg.count('pipelines.access')).toBe(2);
    await waitFor(() => expect(screen.getAllByTestId('card-not-connected')).toHaveLength(3));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('coming back to the tab brings every card up to date', async () => {
    const bg = background();
    render(<OptionsApp send={bg.send} requestOrigin={async () => true} />);
    await waitFor(() => expect(bg.count('identity.members')).toBe(1));
    const before = { install: bg.count('install.status'), members: bg.count('members.list'), properties: bg.count('properties.objectDefinitions') };
    act(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(bg.count('identity.members')).toBe(2));
    expect(bg.count('install.status')).toBe(before.install + 1);
    expect(bg.count('members.list')).toBe(before.members + 1);
    expect(bg.count('properties.objectDefinitions')).toBe(before.properties + 1);
  });
});
