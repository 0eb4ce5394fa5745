import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { OptionsApp } from '../../components/options/OptionsApp';
import type { MessageEnvelope } from '../../lib/extension/messages';

const me = {
  member: { id: 'm-tina', email: 'tina@acme.example', emailVerified: true, displayName: 'Tina Team', role: 'member', status: 'active', createdAt: '2026-12-01T00:00:00.000Z', lastSignInAt: null },
  workspace: { id: 'w1', name: 'Acme Sales', createdAt: '2026-12-01T00:00:00.000Z' },
  session: { expiresAt: '2026-12-02T00:00:00.000Z', idleTimeoutSeconds: 3600, staySignedIn: false },
};

describe('options page follows the session', () => {
  it('shows the member signed in elsewhere (another options page, another window) without a reload', async () => {
    let signedIn = false;
    const send = vi.fn(async (m: unknown) => {
      const { action } = m as MessageEnvelope;
      if (action === 'session.get') return { ok: true, data: signedIn ? { signedIn: true, me } : { signedIn: false, reason: 'none' } };
      if (action === 'settings.get') return { ok: true, data: { backendUrl: 'http://localhost:8787', defaultBackendUrl: 'http://localhost:8787' } };
      return { ok: false, error: { code: 'portal_not_connected', message: 'No portal.' } };
    });
    const watchers = new Set<() => void>();
    render(<OptionsApp send={send} requestOrigin={async () => true} watchSession={(cb) => (watchers.add(cb), () => void watchers.delete(cb))} />);
    expect(await screen.findByTestId('sign-in-form')).toBeInTheDocument();
    signedIn = true;
    await act(async () => watchers.forEach((cb) => cb()));
    expect(await screen.findByTestId('whoami')).toHaveTextContent('tina@acme.example');
    signedIn = false;
    await act(async () => watchers.forEach((cb) => cb()));
    expect(await screen.findByTestId('sign-in-form')).toBeInTheDocument();
  });
});
