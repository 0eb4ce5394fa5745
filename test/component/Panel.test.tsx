import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Panel } from '../../components/panel/Panel';
import { createPanelStore } from '../../lib/stores/panel-store';

const record = { host: 'app.hubspot.com', portalId: '1001', objectTypeId: '0-1' as const, recordId: '101' };

function deferredSend() {
  const calls: Array<{ message: unknown; resolve: (v: unknown) => void }> = [];
  const send = vi.fn((message: unknown) => new Promise((resolve) => calls.push({ message, resolve })));
  return { send, calls };
}

describe('Panel', () => {
  it('shows the record and a loading state, then the backend status', async () => {
    const { send, calls } = deferredSend();
    const store = createPanelStore(send);
    act(() => store.getState().open(record));
    render(<Panel store={store} />);
    expect(screen.getByRole('complementary', { name: 'Portside' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-portal')).toHaveTextContent('1001');
    expect(screen.getByTestId('portside-contact')).toHaveTextContent('101');
    expect(screen.getByRole('status')).toHaveTextContent("Checking Portside's server");
    await act(async () => calls[0]!.resolve({ ok: true, data: { backendUrl: 'http://localhost:8787', backend: { reachable: true, version: '0.1.0' } } }));
    expect(screen.getByRole('status')).toHaveTextContent('Connected to Portside (0.1.0)');
  });

  it('says what to do when the backend cannot be reached, and retries on request', async () => {
    const { send, calls } = deferredSend();
    const store = createPanelStore(send);
    act(() => store.getState().open(record));
    render(<Panel store={store} />);
    await act(async () => calls[0]!.resolve({ ok: true, data: { backendUrl: 'http://localhost:8787', backend: { reachable: false, error: 'Check your connection.' } } }));
    expect(screen.getByRole('status')).toHaveTextContent("Can't reach Portside's server (http://localhost:8787)");
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('never shows the previous record under a new id', async () => {
    const { send, calls } = deferredSend();
    const store = createPanelStore(send);
    act(() => store.getState().open(record));
    render(<Panel store={store} />);
    act(() => store.getState().open({ ...record, recordId: '102' }));
    // The answer for 101 arrives late: it must be ignored.
    await act(async () => calls[0]!.resolve({ ok: true, data: { backendUrl: 'x', backend: { reachable: true, version: 'old' } } }));
    expect(screen.getByTestId('portside-contact')).toHaveTextContent('102');
    expect(screen.getByRole('status')).toHaveTextContent("Checking Portside's server");
  });

  it('collapses and expands from the keyboard', async () => {
    const store = createPanelStore(deferredSend().send);
    act(() => store.getState().open(record));
    render(<Panel store={store} />);
    const toggle = screen.getByRole('button', { name: 'Collapse Portside panel' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Expand Portside panel' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('portside-contact')).not.toBeInTheDocument();
  });

  it('renders nothing without a record', () => {
    const store = createPanelStore(deferredSend().send);
    const { container } = render(<Panel store={store} />);
    expect(container).toBeEmptyDOMElement();
  });
});
