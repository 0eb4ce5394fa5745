import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BackendSettings as OptionsApp } from '../../components/options/BackendSettings';
import type { MessageEnvelope } from '../../lib/extension/messages';

function fakeBackground(initial = 'http://localhost:8787') {
  let saved = initial;
  return vi.fn(async (m: unknown) => {
    const msg = m as MessageEnvelope;
    if (msg.action === 'settings.get') return { ok: true, data: { backendUrl: saved, defaultBackendUrl: 'http://localhost:8787' } };
    if (msg.action === 'settings.setBackendUrl') {
      saved = (msg.payload as { backendUrl: string }).backendUrl;
      return { ok: true, data: { backendUrl: saved } };
    }
    return { ok: false, error: { code: 'invalid_message', message: 'no' } };
  });
}

describe('Backend settings', () => {
  it('loads, then saves a new address after asking for its permission', async () => {
    const send = fakeBackground();
    const requestOrigin = vi.fn(async () => true);
    render(<OptionsApp send={send} requestOrigin={requestOrigin} />);
    const input = screen.getByLabelText('Portside server address');
    await waitFor(() => expect(input).toHaveValue('http://localhost:8787'));
    await userEvent.clear(input);
    await userEvent.type(input, 'https://portside.example.com/');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved');
    expect(requestOrigin).toHaveBeenCalledWith('https://portside.example.com/*');
    expect(input).toHaveValue('https://portside.example.com');
  });

  it('does not ask for permission for the default host on another port', async () => {
    const send = fakeBackground();
    const requestOrigin = vi.fn(async () => true);
    render(<OptionsApp send={send} requestOrigin={requestOrigin} />);
    const input = screen.getByLabelText('Portside server address');
    await waitFor(() => expect(input).toHaveValue('http://localhost:8787'));
    await userEvent.clear(input);
    await userEvent.type(input, 'http://localhost:9999');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved');
    expect(requestOrigin).not.toHaveBeenCalled();
  });

  it('explains an address it will not use, without saving', async () => {
    const send = fakeBackground();
    render(<OptionsApp send={send} requestOrigin={vi.fn(async () => true)} />);
    const input = screen.getByLabelText('Portside server address');
    await waitFor(() => expect(input).toHaveValue('http://localhost:8787'));
    await userEvent.clear(input);
    await userEvent.type(input, 'http://portside.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('must start with https://');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('says so when permission is refused', async () => {
    const send = fakeBackground();
    render(<OptionsApp send={send} requestOrigin={vi.fn(async () => false)} />);
    const input = screen.getByLabelText('Portside server address');
    await waitFor(() => expect(input).toHaveValue('http://localhost:8787'));
    await userEvent.clear(input);
    await userEvent.type(input, 'https://other.example');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('needs your permission');
  });

  it('follows a change made in another options page: shows the new address and re-reads the session', async () => {
    const send = fakeBackground();
    let notify = () => {};
    const unsubscribe = vi.fn();
    const onSaved = vi.fn();
    const { unmount } = render(
      <OptionsApp send={send} requestOrigin={vi.fn(async () => true)} onSaved={onSaved} watchSession={(cb) => ((notify = cb), unsubscribe)} />,
    );
    const input = screen.getByLabelText('Portside server address');
    await waitFor(() => expect(input).toHaveValue('http://localhost:8787'));
    await send({ portside: 1, action: 'settings.setBackendUrl', payload: { backendUrl: 'https://elsewhere.example' } });
    notify();
    await waitFor(() => expect(input).toHaveValue('https://elsewhere.example'));
    expect(onSaved).toHaveBeenCalledTimes(1);
    unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
